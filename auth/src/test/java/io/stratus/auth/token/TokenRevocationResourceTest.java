package io.stratus.auth.token;

import static io.restassured.RestAssured.given;
import static io.stratus.auth.AuthFixtures.signUp;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.auth.AuthFixtures;
import io.stratus.auth.AuthFixtures.TestUser;
import org.junit.jupiter.api.Test;

/** {@code POST /oauth/revoke}: the dashboard's sign-out (RFC 7009). */
@QuarkusTest
class TokenRevocationResourceTest {

    private static void refreshFails(String refreshToken) {
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", refreshToken)
                .when().post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("revoked"));
    }

    @Test
    void revokedRefreshTokenCanNoLongerBeUsed() {
        TestUser user = signUp();
        String refresh = AuthFixtures.login(user.email(), user.password()).getString("refresh_token");

        given().formParam("token", refresh).formParam("token_type_hint", "refresh_token")
                .when().post("/oauth/revoke")
                .then().statusCode(200).header("Cache-Control", "no-store");

        refreshFails(refresh);
    }

    @Test
    void revokingEndsTheWholeLoginButNotTheUsersOtherLogins() {
        TestUser user = signUp();
        String first = AuthFixtures.login(user.email(), user.password()).getString("refresh_token");
        String rotated = given().formParam("grant_type", "refresh_token").formParam("refresh_token", first)
                .when().post("/oauth/token").then().statusCode(200).extract().path("refresh_token");
        String otherLogin = AuthFixtures.login(user.email(), user.password()).getString("refresh_token");

        // Revoking the rotated-away token still ends its login: rotated is of the same family.
        given().formParam("token", first).when().post("/oauth/revoke").then().statusCode(200);

        refreshFails(rotated);
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", otherLogin)
                .when().post("/oauth/token").then().statusCode(200);
    }

    @Test
    void unknownAndRepeatedRevocationsAre200() {
        given().formParam("token", "srt_made-up").when().post("/oauth/revoke").then().statusCode(200);
        TestUser user = signUp();
        String refresh = AuthFixtures.login(user.email(), user.password()).getString("refresh_token");
        given().formParam("token", refresh).when().post("/oauth/revoke").then().statusCode(200);
        given().formParam("token", refresh).when().post("/oauth/revoke").then().statusCode(200);
    }

    @Test
    void missingTokenIsInvalidRequest() {
        given().formParam("token_type_hint", "refresh_token")
                .when().post("/oauth/revoke")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("invalid_request"));
    }

    @Test
    void jsonBodyIs415() {
        given().contentType(ContentType.JSON).body("{\"token\":\"srt_x\"}")
                .when().post("/oauth/revoke")
                .then().statusCode(415).contentType(ContentType.JSON);
    }
}
