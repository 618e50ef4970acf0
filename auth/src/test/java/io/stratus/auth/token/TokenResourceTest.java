package io.stratus.auth.token;

import static io.restassured.RestAssured.given;
import static io.stratus.auth.AuthFixtures.claims;
import static io.stratus.auth.AuthFixtures.freshIp;
import static io.stratus.auth.AuthFixtures.header;
import static io.stratus.auth.AuthFixtures.signUp;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.stratus.auth.AuthFixtures;
import io.stratus.auth.AuthFixtures.TestUser;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenResourceTest {

    private static Response passwordGrant(String email, String password, String ip) {
        return given().header("X-Forwarded-For", ip)
                .formParam("grant_type", "password").formParam("username", email).formParam("password", password)
                .when().post("/oauth/token");
    }

    private static String newClient(String... scopes) {
        String id = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        String scopeJson = String.join("\",\"", scopes);
        return given().auth().oauth2(AuthFixtures.adminToken()).contentType(ContentType.JSON)
                .body("{\"client_id\":\"" + id + "\",\"scopes\":[\"" + scopeJson + "\"]}")
                .when().post("/admin/clients")
                .then().statusCode(201).extract().path("client_secret") + "|" + id;
    }

    @Test
    void passwordGrantIssuesAccessAndRefreshTokenWithTheSpecClaims() {
        TestUser user = signUp();
        JsonPath body = passwordGrant(user.email(), user.password(), freshIp())
                .then().statusCode(200).contentType(ContentType.JSON).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(600))
                .body("refresh_token", notNullValue()).extract().jsonPath();
        String jwt = body.getString("access_token");
        assertEquals("RS256", header(jwt).getString("alg"));
        assertTrue(header(jwt).getString("kid").startsWith("k-"));
        JsonPath claims = claims(jwt);
        assertEquals("https://auth.stratus.test", claims.getString("iss"));
        assertEquals("stratus", claims.getString("aud"));
        assertEquals(user.id(), claims.getString("sub"));
        assertEquals(user.email(), claims.getString("upn"));
        assertEquals(user.email(), claims.getString("email"));
        assertEquals(List.of("user"), claims.getList("groups"));
        assertEquals("global", claims.getString("scope"));
        assertEquals(600, claims.getLong("exp") - claims.getLong("iat"), 2);
        assertTrue(claims.getString("jti").length() >= 32);
    }

    @Test
    void emailIsCaseInsensitive() {
        TestUser user = signUp();
        passwordGrant(user.email().toUpperCase(), user.password(), freshIp()).then().statusCode(200);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        TestUser user = signUp();
        String wrong = passwordGrant(user.email(), "not-the-password-1", freshIp())
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("invalid_grant"))
                .extract().asString();
        String unknown = passwordGrant("nobody-" + UUID.randomUUID() + "@example.test", "not-the-password-1",
                freshIp())
                .then().statusCode(400).extract().asString();
        assertEquals(wrong, unknown);
    }

    @Test
    void wrongPasswordAndUnknownEmailTakeAboutTheSameTime() {
        TestUser user = signUp();
        // Warm both paths, then compare medians: an unknown email must pay a bcrypt check too.
        long wrong = medianNanos(() -> passwordGrant(user.email(), "not-the-password-1", freshIp()));
        long unknown = medianNanos(() -> passwordGrant("nobody-" + UUID.randomUUID() + "@x.test",
                "not-the-password-1", freshIp()));
        double ratio = (double) unknown / wrong;
        // Without the dummy hash an unknown email answers >20 times faster; wide bounds survive a busy CI machine.
        assertTrue(ratio > 0.25 && ratio < 4.0, "unknown/wrong time ratio " + ratio);
    }

    private static long medianNanos(Runnable call) {
        call.run();
        long[] times = new long[5];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            call.run();
            times[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(times);
        return times[times.length / 2];
    }

    @Test
    void missingParametersAreInvalidRequest() {
        given().formParam("grant_type", "password").formParam("username", "a@b.test")
                .when().post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", containsString("password"));
        given().formParam("username", "a@b.test")
                .when().post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        given().formParam("grant_type", "refresh_token")
                .when().post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void unknownGrantTypeIsUnsupported() {
        given().formParam("grant_type", "authorization_code").formParam("code", "x")
                .when().post("/oauth/token")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void jsonBodyIs415AndOversizedBodyIs413() {
        given().contentType(ContentType.JSON).body("{\"grant_type\":\"password\"}")
                .when().post("/oauth/token")
                .then().statusCode(415).contentType(ContentType.JSON).body("id", equalTo("unsupported_media_type"));
        given().formParam("grant_type", "password").formParam("username", "x".repeat(9000))
                .formParam("password", "y")
                .when().post("/oauth/token")
                .then().statusCode(413).contentType(ContentType.JSON).body("id", equalTo("request_too_large"));
    }

    @Test
    void refreshRotatesAndReuseRevokesTheFamily() {
        TestUser user = signUp();
        JsonPath first = AuthFixtures.login(user.email(), user.password());
        String r1 = first.getString("refresh_token");

        JsonPath second = given().formParam("grant_type", "refresh_token").formParam("refresh_token", r1)
                .when().post("/oauth/token")
                .then().statusCode(200).body("access_token", notNullValue()).extract().jsonPath();
        String r2 = second.getString("refresh_token");
        assertNotEquals(r1, r2);
        assertEquals(user.id(), claims(second.getString("access_token")).getString("sub"));

        // r1 comes back: theft. It fails, and so does r2, the live member of its family.
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", r1)
                .when().post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", r2)
                .when().post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void unknownRefreshTokenIsInvalidGrant() {
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", "srt_made-up")
                .when().post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void otherLoginsSurviveReuseInAnotherFamily() {
        TestUser user = signUp();
        String a = AuthFixtures.login(user.email(), user.password()).getString("refresh_token");
        String b = AuthFixtures.login(user.email(), user.password()).getString("refresh_token");
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", a).post("/oauth/token")
                .then().statusCode(200);
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", a).post("/oauth/token")
                .then().statusCode(400);
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", b).post("/oauth/token")
                .then().statusCode(200);
    }

    @Test
    void clientCredentialsIssueAServiceToken() {
        String[] client = newClient("billing:read", "billing:write").split("\\|");
        String jwt = given().auth().preemptive().basic(client[1], client[0])
                .formParam("grant_type", "client_credentials")
                .when().post("/oauth/token")
                .then().statusCode(200).body("refresh_token", nullValue())
                .body("scope", equalTo("billing:read billing:write"))
                .extract().path("access_token");
        JsonPath claims = claims(jwt);
        assertEquals(client[1], claims.getString("sub"));
        assertEquals(List.of("service"), claims.getList("groups"));
        assertEquals("billing:read billing:write", claims.getString("scope"));
        assertNotEquals(null, header(jwt).getString("kid"));
    }

    @Test
    void clientCredentialsMayNarrowButNotWidenScopes() {
        String[] client = newClient("billing:read", "billing:write").split("\\|");
        given().auth().preemptive().basic(client[1], client[0])
                .formParam("grant_type", "client_credentials").formParam("scope", "billing:read")
                .when().post("/oauth/token")
                .then().statusCode(200).body("scope", equalTo("billing:read"));
        given().auth().preemptive().basic(client[1], client[0])
                .formParam("grant_type", "client_credentials").formParam("scope", "analytics:write")
                .when().post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_scope"));
    }

    @Test
    void badClientCredentialsAreInvalidClient() {
        String[] client = newClient("billing:read").split("\\|");
        given().auth().preemptive().basic(client[1], "wrong-secret")
                .formParam("grant_type", "client_credentials")
                .when().post("/oauth/token")
                .then().statusCode(401).contentType(ContentType.JSON).body("error", equalTo("invalid_client"))
                .header("WWW-Authenticate", containsString("Basic"));
        given().formParam("grant_type", "client_credentials")
                .when().post("/oauth/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        given().header("Authorization", "Basic !!!not-base64")
                .formParam("grant_type", "client_credentials")
                .when().post("/oauth/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void failedLoginsAreThrottledPerAccount() {
        TestUser user = signUp();
        for (int i = 0; i < 5; i++) {
            passwordGrant(user.email(), "wrong-password-" + i, freshIp()).then().statusCode(400);
        }
        // Even the right password, from yet another address, waits now.
        passwordGrant(user.email(), user.password(), freshIp())
                .then().statusCode(429).contentType(ContentType.JSON).header("Retry-After", notNullValue())
                .body("error", equalTo("rate_limit")).body(not(containsString("Exception")));
    }

    @Test
    void unknownEmailsAreThrottledLikeKnownOnes() {
        String email = "ghost-" + UUID.randomUUID() + "@example.test";
        for (int i = 0; i < 5; i++) {
            passwordGrant(email, "wrong-password-" + i, freshIp()).then().statusCode(400);
        }
        passwordGrant(email, "wrong-password-x", freshIp()).then().statusCode(429);
    }

    @Test
    void failedLoginsAreThrottledPerIp() {
        String ip = freshIp();
        for (int i = 0; i < 40; i++) {
            passwordGrant("spray-" + UUID.randomUUID() + "@example.test", "wrong-password-1", ip)
                    .then().statusCode(400);
        }
        TestUser user = signUp();
        passwordGrant(user.email(), user.password(), ip).then().statusCode(429).header("Retry-After", notNullValue());
        passwordGrant(user.email(), user.password(), freshIp()).then().statusCode(200);
    }
}
