package io.stratus.dashboard.authorizations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The relay against a real HTTP server standing in for auth. */
@QuarkusTest
@TestProfile(RelayTestProfile.class)
@WithTestResource(AuthStub.class)
class AuthorizationRelayResourceTest {

    @Test
    void postIsRelayedWithBodyHeadersAndStatus() {
        given().auth().oauth2("any-token").contentType(ContentType.JSON).header("X-Request-Id", "relay-1")
                .accept("application/vnd.heroku+json; version=3")
                .body("{\"description\":\"laptop\"}")
                .when().post("/oauth/authorizations")
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("method", equalTo("POST")).body("path", equalTo("/oauth/authorizations"))
                .body("authorization", equalTo("Bearer any-token"))
                .body("content_type", equalTo("application/json"))
                .body("request_id", equalTo("relay-1"))
                .body("body", equalTo("{\"description\":\"laptop\"}"));
    }

    @Test
    void everyMethodReachesAuth() {
        given().auth().oauth2("t").when().get("/oauth/authorizations")
                .then().statusCode(200).body("method", equalTo("GET"));
        given().auth().oauth2("t").when().get("/oauth/authorizations/abc")
                .then().statusCode(200).body("path", equalTo("/oauth/authorizations/abc"));
        given().auth().oauth2("t").contentType(ContentType.JSON).body("{\"description\":\"x\"}")
                .when().patch("/oauth/authorizations/abc")
                .then().statusCode(200).body("method", equalTo("PATCH"))
                .body("body", equalTo("{\"description\":\"x\"}"));
        given().auth().oauth2("t").when().delete("/oauth/authorizations/abc")
                .then().statusCode(200).body("method", equalTo("DELETE"));
    }

    @Test
    void authsErrorsComeBackUnchanged() {
        given().when().get("/oauth/authorizations/unauthorized")
                .then().statusCode(401).contentType(ContentType.JSON).body("id", equalTo("unauthorized"))
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void oversizedBodyIsRefusedBeforeRelaying() {
        given().contentType(ContentType.JSON).body("{\"description\":\"" + "x".repeat(70 * 1024) + "\"}")
                .when().post("/oauth/authorizations")
                .then().statusCode(413).body("id", equalTo("request_too_large"));
    }
}
