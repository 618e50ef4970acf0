package io.stratus.auth.key;

import io.stratus.auth.AuthConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** Public key discovery (spec/auth.md "Keys"); unauthenticated by design. */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
public class WellKnownResource {
    private final KeyRing keyRing;
    private final AuthConfig config;

    WellKnownResource(KeyRing keyRing, AuthConfig config) {
        this.keyRing = keyRing;
        this.config = config;
    }

    @GET
    @Path("/jwks.json")
    @Operation(summary = "The public keys that verify auth's tokens")
    public RestResponse<String> jwks() {
        // Short cache: verifiers may keep it a minute; a rotation pre-publishes the next key long before.
        return RestResponse.ResponseBuilder.ok(keyRing.jwks(), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "public, max-age=60").build();
    }

    @GET
    @Path("/openid-configuration")
    @Operation(summary = "Where auth's endpoints are")
    public Map<String, Object> openidConfiguration() {
        String issuer = config.issuer();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", issuer + "/.well-known/jwks.json");
        doc.put("token_endpoint", issuer + "/oauth/token");
        doc.put("revocation_feed_endpoint", issuer + "/oauth/revocations");
        doc.put("grant_types_supported", List.of("password", "refresh_token", "client_credentials"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("response_types_supported", List.of("token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "jti", "upn", "email", "groups",
                "scope"));
        return doc;
    }
}
