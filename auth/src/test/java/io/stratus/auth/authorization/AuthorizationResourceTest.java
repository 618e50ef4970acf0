package io.stratus.auth.authorization;

import static io.restassured.RestAssured.given;
import static io.stratus.auth.AuthFixtures.accessToken;
import static io.stratus.auth.AuthFixtures.claims;
import static io.stratus.auth.AuthFixtures.signUp;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stratus.auth.AuthFixtures.TestUser;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthorizationResourceTest {
    static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    private static JsonPath create(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/oauth/authorizations")
                .then().statusCode(201).contentType(ContentType.JSON).extract().jsonPath();
    }

    @Test
    void apiKeyLifecycle() {
        TestUser user = signUp();
        String token = accessToken(user);
        JsonPath created = create(token, "{\"description\":\"laptop\",\"expires_in\":3600}");
        String id = created.getString("id");
        String key = created.getString("access_token.token");
        assertEquals("laptop", created.getString("description"));
        assertEquals(user.id(), created.getString("user.id"));
        assertEquals(user.email(), created.getString("user.email"));
        assertTrue(created.getLong("access_token.expires_in") > 3500);
        assertEquals(user.id(), claims(key).getString("sub"));

        // The key works as a bearer token.
        given().auth().oauth2(key).when().get("/users/me").then().statusCode(200).body("id", equalTo(user.id()));

        given().auth().oauth2(token).when().get("/oauth/authorizations")
                .then().statusCode(200).body("id", hasItem(id)).body("access_token.token", hasItem(nullValue()))
                .body("[0].created_at", matchesPattern(ISO_UTC));
        given().auth().oauth2(token).when().get("/oauth/authorizations/{id}", id)
                .then().statusCode(200).body("id", equalTo(id)).body("access_token.token", nullValue());

        given().auth().oauth2(token).when().delete("/oauth/authorizations/{id}", id)
                .then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(token).when().get("/oauth/authorizations/{id}", id).then().statusCode(404);
        // Auth itself refuses the deleted key at once.
        given().auth().oauth2(key).when().get("/users/me")
                .then().statusCode(401).contentType(ContentType.JSON).body("id", equalTo("unauthorized"));
    }

    @Test
    void deletedKeyAppearsInTheRevocationFeed() {
        String token = accessToken(signUp());
        long before = given().when().get("/oauth/revocations").then().statusCode(200)
                .extract().jsonPath().getLong("next_since");
        JsonPath created = create(token, "{}");
        String jti = claims(created.getString("access_token.token")).getString("jti");
        given().auth().oauth2(token).delete("/oauth/authorizations/{id}", created.getString("id"))
                .then().statusCode(200);
        given().queryParam("since", before).when().get("/oauth/revocations")
                .then().statusCode(200).body("revocations.jti", hasItem(jti))
                .body("revocations.expires_at", hasItem(matchesPattern(ISO_UTC)))
                .body("next_since", notNullValue());
    }

    @Test
    void otherUsersKeysAreNotFound() {
        String owner = accessToken(signUp());
        String stranger = accessToken(signUp());
        String id = create(owner, "{}").getString("id");
        given().auth().oauth2(stranger).when().get("/oauth/authorizations/{id}", id)
                .then().statusCode(404).contentType(ContentType.JSON).body("id", equalTo("not_found"));
        given().auth().oauth2(stranger).when().delete("/oauth/authorizations/{id}", id).then().statusCode(404);
        given().auth().oauth2(stranger).when().get("/oauth/authorizations")
                .then().statusCode(200).body("id", not(hasItem(id)));
        given().auth().oauth2(owner).when().get("/oauth/authorizations/{id}", id).then().statusCode(200);
    }

    @Test
    void unhappyPaths() {
        given().when().get("/oauth/authorizations")
                .then().statusCode(401).contentType(ContentType.JSON).body("id", equalTo("unauthorized"));
        String token = accessToken(signUp());
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"description\":")
                .when().post("/oauth/authorizations")
                .then().statusCode(400).body("id", equalTo("bad_request"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"expires_in\":5}")
                .when().post("/oauth/authorizations")
                .then().statusCode(422).body("id", equalTo("invalid_params"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"scope\":[\"write-protected\"]}")
                .when().post("/oauth/authorizations")
                .then().statusCode(422);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"description\":\"" + "x".repeat(70 * 1024) + "\"}")
                .when().post("/oauth/authorizations")
                .then().statusCode(413);
        given().auth().oauth2(token).when().get("/oauth/authorizations").then().statusCode(200).body("$", hasSize(0));
    }
}
