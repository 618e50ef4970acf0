package io.stratus.auth.token;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code POST /oauth/token} (RFC 6749): form-encoded, unauthenticated by design, RFC 6749 error bodies. */
@Path("/oauth/token")
public class TokenResource {
    private final TokenService tokens;

    TokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue tokens: password, refresh_token, client_credentials (HTTP Basic) grants")
    public RestResponse<TokenResponse> token(MultivaluedMap<String, String> form,
            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        String grant = required(form, "grant_type");
        TokenResponse response = switch (grant) {
            case "password" -> tokens.password(required(form, "username"), required(form, "password"),
                    request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
            case "refresh_token" -> tokens.refresh(required(form, "refresh_token"));
            case "client_credentials" -> clientCredentials(form, headers);
            default -> throw new OAuthException(400, "unsupported_grant_type",
                    "grant_type must be password, refresh_token or client_credentials.");
        };
        return RestResponse.ResponseBuilder.ok(response).header("Cache-Control", "no-store")
                .header("Pragma", "no-cache").build();
    }

    private TokenResponse clientCredentials(MultivaluedMap<String, String> form, HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        String clientId;
        String secret;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidClient();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw OAuthException.invalidClient();
            }
            clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } else if (form.getFirst("client_id") != null && form.getFirst("client_secret") != null) {
            // RFC 6749 2.3.1 allows the secret in the body; Basic is what the spec asks callers to use.
            clientId = form.getFirst("client_id");
            secret = form.getFirst("client_secret");
        } else {
            throw OAuthException.invalidClient();
        }
        return tokens.clientCredentials(clientId, secret, form.getFirst("scope"));
    }

    private static String required(MultivaluedMap<String, String> form, String name) {
        String value = form == null ? null : form.getFirst(name);
        if (value == null || value.isBlank()) {
            throw OAuthException.invalidRequest("Missing parameter " + name + ".");
        }
        return value;
    }
}
