package io.stratus.auth.token;

import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

public class TokenExceptionMappers {

    @ServerExceptionMapper
    public RestResponse<OAuthError> oauth(OAuthException e) {
        var builder = RestResponse.ResponseBuilder.<OAuthError>create(e.status())
                .entity(new OAuthError(e.error(), e.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").header("Pragma", "no-cache");
        e.headers().forEach(builder::header);
        return builder.build();
    }
}
