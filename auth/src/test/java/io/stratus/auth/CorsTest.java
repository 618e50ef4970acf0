package io.stratus.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * The web dashboard, served by app on another origin, calls auth from the browser (web/README.md): auth must
 * answer CORS for app's origins on the endpoints it uses, and for no other origin.
 */
@QuarkusTest
class CorsTest {
    static final String DASHBOARD = "http://localhost:8080";

    @Test
    void preflightOfSignUpAllowsTheDashboardsJsonPost() {
        given().header("Origin", DASHBOARD).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .when().options("/users")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(DASHBOARD))
                .header("Access-Control-Allow-Methods", containsStringIgnoringCase("POST"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("content-type"));
    }

    @Test
    void tokenEndpointAnswersTheDashboardsOrigin() {
        given().header("Origin", "http://127.0.0.1:8080")
                .formParam("grant_type", "password").formParam("username", AuthFixtures.ADMIN_EMAIL)
                .formParam("password", AuthFixtures.ADMIN_PASSWORD)
                .header("X-Forwarded-For", AuthFixtures.freshIp())
                .when().post("/oauth/token")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo("http://127.0.0.1:8080"));
    }

    @Test
    void revocationAnswersTheDashboardsOrigin() {
        given().header("Origin", DASHBOARD).formParam("token", "srt_unknown")
                .when().post("/oauth/revoke")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(DASHBOARD));
    }

    @Test
    void signUpErrorsCarryTheHeaderSoTheBrowserCanReadThem() {
        given().header("Origin", DASHBOARD).contentType(ContentType.JSON).body("{\"email\":\"not-an-email\"}")
                .when().post("/users")
                .then().statusCode(422).header("Access-Control-Allow-Origin", equalTo(DASHBOARD));
    }

    @Test
    void otherOriginsAreNotAllowed() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .when().options("/users")
                .then().statusCode(403).header("Access-Control-Allow-Origin", not(equalTo("https://evil.example")));
        given().header("Origin", "https://evil.example").formParam("token", "srt_unknown")
                .when().post("/oauth/revoke")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }
}
