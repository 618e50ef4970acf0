package io.stratus.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * app's verifier against forged and broken tokens (issue 4): every one is 401 with the JSON error body. The
 * genuine token of each case is signed with the test key that app's tests trust.
 */
@QuarkusTest
class TokenForgeryTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String publicPem() throws IOException {
        try (InputStream in = TokenForgeryTest.class.getClassLoader()
                .getResourceAsStream("stratus-test-keys/public.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Map<String, String> forgeries() throws Exception {
        TestAccount account = TestAccount.create();
        String genuine = Tokens.forAccount(account);
        String[] parts = genuine.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Instant now = Instant.now();
        String sub = account.id().toString();

        String hsSigningInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"stratus-test\"}") + "." + parts[1];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(publicPem().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hs256 = hsSigningInput + "."
                + B64.encodeToString(mac.doFinal(hsSigningInput.getBytes(StandardCharsets.US_ASCII)));

        var otherKey = KeyPairGenerator.getInstance("RSA");
        otherKey.initialize(2048);
        String unknownKid = Tokens.base(sub).groups("user").jws().keyId("made-up-kid")
                .sign(otherKey.generateKeyPair().getPrivate());

        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        cases.put("HS256 signed with the RSA public key", hs256);
        cases.put("unknown kid", unknownKid);
        cases.put("wrong iss", Tokens.sign(Tokens.base(sub).issuer("https://evil.test")));
        cases.put("wrong aud", Tokens.sign(Tokens.base(sub).audience("someone-else")));
        cases.put("expired", Tokens.sign(Tokens.base(sub).issuedAt(now.minusSeconds(7200))
                .expiresAt(now.minusSeconds(3600))));
        cases.put("not yet valid", Tokens.sign(Tokens.base(sub).claim("nbf", now.plusSeconds(3600).getEpochSecond())));
        cases.put("tampered payload", parts[0] + "." + b64(payload.replace("\"user\"", "\"admin\"")) + "." + parts[2]);
        cases.put("truncated", genuine.substring(0, genuine.length() - 16));
        cases.put("garbage", "garbage");
        cases.put("signature of another token", parts[0] + "." + parts[1] + "."
                + Tokens.forAccount(TestAccount.create()).split("\\.")[2]);
        return cases;
    }

    @Test
    void everyForgedTokenIs401WithTheJsonError() throws Exception {
        Map<String, String> cases = forgeries();
        assertEquals(true, cases.size() >= 10);
        cases.forEach((name, token) -> {
            int status = given().auth().oauth2(token).when().get("/test-probe/me")
                    .then().contentType(ContentType.JSON).body("id", equalTo("unauthorized"))
                    .extract().statusCode();
            assertEquals(401, status, name);
        });
    }

    @Test
    void genuineTokenPasses() {
        TestAccount account = TestAccount.create();
        given().auth().oauth2(Tokens.forAccount(account)).when().get("/test-probe/me")
                .then().statusCode(200).body(containsString(account.id().toString()));
    }
}
