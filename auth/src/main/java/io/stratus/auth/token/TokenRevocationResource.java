package io.stratus.auth.token;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /oauth/revoke} (RFC 7009): a browser signs out by revoking its refresh token. Unauthenticated like
 * the token endpoint: holding the refresh token is the proof. Access tokens are short-lived JWTs and are not
 * revocable here (API keys are, through {@code /oauth/authorizations}).
 */
@Path("/oauth/revoke")
public class TokenRevocationResource {
    private final TokenService tokens;

    TokenRevocationResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Revoke a refresh token and its session (RFC 7009); always 200 for a well-formed request")
    public RestResponse<Void> revoke(MultivaluedMap<String, String> form) {
        String token = form == null ? null : form.getFirst("token");
        if (token == null || token.isBlank()) {
            throw OAuthException.invalidRequest("Missing parameter token.");
        }
        // RFC 7009 2.2: an unknown or already revoked token is answered 200 too, so the answer reveals nothing.
        tokens.revoke(token);
        return RestResponse.ResponseBuilder.<Void>ok().header("Cache-Control", "no-store").build();
    }
}
