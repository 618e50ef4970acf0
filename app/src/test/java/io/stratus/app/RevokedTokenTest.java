package io.stratus.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** A token revoked in auth's feed is refused by app within 5 s, without app calling auth per request. */
@QuarkusTest
@WithTestResource(RevocationFeedStub.class)
class RevokedTokenTest {
    @Test
    void revokedJtiIsRefusedWithinFiveSeconds() throws Exception {
        TestAccount account = TestAccount.create();
        String jti = UUID.randomUUID().toString();
        String key = Tokens.sign(Tokens.base(account.id().toString()).claim("jti", jti).groups("user")
                .expiresAt(Instant.now().plus(Duration.ofDays(30))));
        String other = Tokens.forAccount(account);
        given().auth().oauth2(key).when().get("/test-probe/me").then().statusCode(200);

        String feedUrl = ConfigProvider.getConfig().getValue("stratus.security.revocations-url", String.class);
        String revoke = feedUrl.replace("/oauth/revocations", "/revoke?jti=" + jti);
        HttpResponse<Void> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(revoke)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        org.junit.jupiter.api.Assertions.assertEquals(204, answer.statusCode());
        long revokedAt = System.nanoTime();

        int status = 200;
        while (status != 401 && System.nanoTime() - revokedAt < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(100);
            status = given().auth().oauth2(key).when().get("/test-probe/me").then().extract().statusCode();
        }
        org.junit.jupiter.api.Assertions.assertEquals(401, status, "revoked key still accepted after 5 s");
        given().auth().oauth2(key).when().get("/test-probe/me")
                .then().statusCode(401).contentType(ContentType.JSON).body("id", equalTo("unauthorized"));
        // Other tokens of the same account are unaffected.
        given().auth().oauth2(other).when().get("/test-probe/me").then().statusCode(200);
    }

}
