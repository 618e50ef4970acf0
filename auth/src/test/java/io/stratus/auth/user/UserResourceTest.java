package io.stratus.auth.user;

import static io.restassured.RestAssured.given;
import static io.stratus.auth.AuthFixtures.PASSWORD;
import static io.stratus.auth.AuthFixtures.accessToken;
import static io.stratus.auth.AuthFixtures.adminToken;
import static io.stratus.auth.AuthFixtures.claims;
import static io.stratus.auth.AuthFixtures.freshIp;
import static io.stratus.auth.AuthFixtures.signUp;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.auth.AuthFixtures.TestUser;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserResourceTest {

    private static String body(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"N\"}";
    }

    @Test
    void signUpCreatesAUserThatCanLogIn() {
        String email = "Mixed-" + UUID.randomUUID() + "@Example.test";
        String id = given().contentType(ContentType.JSON).body(body(email, PASSWORD))
                .when().post("/users")
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("email", equalTo(email)).body("roles", equalTo(List.of("user")))
                .body("created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z"))
                .body(not(containsString("password"))).extract().path("id");
        String token = accessToken(new TestUser(id, email.toLowerCase(), PASSWORD));
        given().auth().oauth2(token).when().get("/users/me").then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void duplicateEmailIsAConflictWhateverItsCase() {
        TestUser user = signUp();
        given().contentType(ContentType.JSON).body(body(user.email().toUpperCase(), PASSWORD))
                .when().post("/users")
                .then().statusCode(409).body("id", equalTo("conflict"));
    }

    @Test
    void weakPasswordsAreRefusedWith422() {
        for (String weak : new String[] {"short1", "password123", "1234567890", "aaaaaaaaaaaa"}) {
            given().contentType(ContentType.JSON).body(body("w-" + UUID.randomUUID() + "@example.test", weak))
                    .when().post("/users")
                    .then().statusCode(422).contentType(ContentType.JSON).body("id", equalTo("invalid_params"))
                    .body("message", containsString("password"));
        }
    }

    @Test
    void invalidFieldsAndMalformedJson() {
        given().contentType(ContentType.JSON).body(body("not-an-email", PASSWORD))
                .when().post("/users")
                .then().statusCode(422).body("message", containsString("email"));
        given().contentType(ContentType.JSON).body("{\"email\":")
                .when().post("/users")
                .then().statusCode(400).body("id", equalTo("bad_request"));
        given().contentType(ContentType.JSON).body("")
                .when().post("/users")
                .then().statusCode(422);
        given().when().get("/users/me").then().statusCode(401).body("id", equalTo("unauthorized"));
    }

    @Test
    void adminListsDisablesAndSetsRoles() {
        String admin = adminToken();
        TestUser user = signUp();
        given().auth().oauth2(admin).when().get("/admin/users").then().statusCode(200).body("id", hasItem(user.id()));

        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"roles\":[\"user\",\"admin\"]}")
                .when().patch("/admin/users/{id}", user.id())
                .then().statusCode(200).body("roles", equalTo(List.of("user", "admin")));
        Assertions.assertEquals(List.of("user", "admin"), claims(accessToken(user)).getList("groups"));

        String refresh = io.stratus.auth.AuthFixtures.login(user.email(), user.password()).getString("refresh_token");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"disabled\":true}")
                .when().patch("/admin/users/{id}", user.id())
                .then().statusCode(200).body("disabled", equalTo(true));
        given().header("X-Forwarded-For", freshIp()).formParam("grant_type", "password")
                .formParam("username", user.email()).formParam("password", user.password())
                .when().post("/oauth/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", refresh)
                .when().post("/oauth/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void adminEndpointsRefuseUsersAndBadInput() {
        TestUser user = signUp();
        given().auth().oauth2(accessToken(user)).when().get("/admin/users")
                .then().statusCode(403).body("id", equalTo("forbidden"));
        String admin = adminToken();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"roles\":[\"root\"]}")
                .when().patch("/admin/users/{id}", user.id())
                .then().statusCode(422);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"disabled\":true}")
                .when().patch("/admin/users/{id}", UUID.randomUUID())
                .then().statusCode(404).body("id", equalTo("not_found"));
    }
}
