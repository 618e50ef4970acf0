package io.stratus.auth;

import static io.restassured.RestAssured.given;
import static io.stratus.auth.AuthFixtures.accessToken;
import static io.stratus.auth.AuthFixtures.signUp;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.common.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;

/** Forged and broken tokens against auth's own protected endpoint: every one is 401 with the JSON error body. */
@QuarkusTest
class ForgeryTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static List<Named<String>> forgeries() throws Exception {
        TestUser genuine = new TestUser(signUpAndLogin());
        String real = genuine.token;
        String[] parts = real.split("\\.");
        String header = decode(parts[0]);
        String payload = decode(parts[1]);
        String kid = AuthFixtures.header(real).getString("kid");
        String sub = AuthFixtures.claims(real).getString("sub");

        String noneHeader = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String alteredPayload = B64.encodeToString(payload.replace("\"user\"", "\"admin\"")
                .getBytes(StandardCharsets.UTF_8));

        // HS256 with the RSA public key's JWK text as the HMAC secret: the classic key-confusion attack.
        String jwks = given().get("/.well-known/jwks.json").asString();
        String hsHeader = B64.encodeToString(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String hsInput = hsHeader + "." + parts[1];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(publicKeyPem(jwks, kid).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hs256 = hsInput + "." + B64.encodeToString(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII)));

        Instant now = Instant.now();
        return List.of(
                Named.of("alg none", noneHeader + "." + parts[1] + "."),
                Named.of("HS256 signed with the RSA public key", hs256),
                Named.of("unknown kid (test key)", Tokens.sign(Tokens.base(sub).issuer("https://auth.stratus.test"))),
                Named.of("wrong iss", Tokens.sign(Tokens.base(sub).issuer("https://evil.test"))),
                Named.of("wrong aud", Tokens.sign(Tokens.base(sub).issuer("https://auth.stratus.test")
                        .audience("other"))),
                Named.of("expired", resign(real, now.minusSeconds(3600), now.minusSeconds(1800), null)),
                Named.of("not yet valid", resign(real, now, now.plusSeconds(600), now.plusSeconds(300))),
                Named.of("tampered payload", parts[0] + "." + alteredPayload + "." + parts[2]),
                Named.of("truncated", real.substring(0, real.length() - 20)),
                Named.of("garbage", "garbage-token"),
                Named.of("header swapped", B64.encodeToString(header.replace("RS256", "RS512")
                        .getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2]));
    }

    /**
     * Auth's own key cannot be read from a test, so "expired" and "not yet valid" are signed with the test key under
     * the real kid: they must fail on the signature and on the time, whichever is checked first.
     */
    private static String resign(String real, Instant iat, Instant exp, Instant nbf) {
        var claims = Tokens.base(AuthFixtures.claims(real).getString("sub")).issuer("https://auth.stratus.test")
                .issuedAt(iat).expiresAt(exp);
        if (nbf != null) {
            claims.claim("nbf", nbf.getEpochSecond());
        }
        return claims.jws().keyId(AuthFixtures.header(real).getString("kid")).sign("stratus-test-keys/private.pem");
    }

    private record TestUser(String token) {
    }

    private static String signUpAndLogin() {
        return accessToken(signUp());
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String publicKeyPem(String jwks, String kid) throws Exception {
        var path = new io.restassured.path.json.JsonPath(jwks);
        String n = path.getString("keys.find { it.kid == '" + kid + "' }.n");
        String e = path.getString("keys.find { it.kid == '" + kid + "' }.e");
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(n)),
                new BigInteger(1, Base64.getUrlDecoder().decode(e))));
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void everyForgedTokenIsRefusedWithTheJsonError() throws Exception {
        List<Named<String>> cases = forgeries();
        assertTrue(cases.size() >= 10);
        for (Named<String> forged : cases) {
            int status = given().auth().oauth2(forged.getPayload()).when().get("/users/me")
                    .then().contentType(ContentType.JSON).body("id", equalTo("unauthorized"))
                    .extract().statusCode();
            assertEquals(401, status, forged.getName());
        }
    }

    @Test
    void genuineTokenIsAccepted() {
        given().auth().oauth2(signUpAndLogin()).when().get("/users/me").then().statusCode(200);
    }
}
