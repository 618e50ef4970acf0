package io.stratus.auth.client;

import static io.restassured.RestAssured.given;
import static io.stratus.auth.AuthFixtures.accessToken;
import static io.stratus.auth.AuthFixtures.adminToken;
import static io.stratus.auth.AuthFixtures.signUp;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminServiceClientResourceTest {

    private static int grant(String id, String secret) {
        return given().auth().preemptive().basic(id, secret).formParam("grant_type", "client_credentials")
                .when().post("/oauth/token").then().extract().statusCode();
    }

    @Test
    void createListRotateDelete() {
        String admin = adminToken();
        String id = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"client_id\":\"" + id + "\",\"name\":\"Billing worker\",\"scopes\":[\"billing:write\"]}")
                .when().post("/admin/clients")
                .then().statusCode(201).body("client_id", equalTo(id)).body("client_secret", notNullValue())
                .extract().path("client_secret");
        given().auth().oauth2(admin).when().get("/admin/clients")
                .then().statusCode(200).body("client_id", hasItem(id)).body("client_secret", not(hasItem(secret)));
        given().auth().oauth2(admin).when().get("/admin/clients/{id}", id)
                .then().statusCode(200).body("client_secret", nullValue()).body("scopes", hasItem("billing:write"));
        assertEquals(200, grant(id, secret));

        String rotated = given().auth().oauth2(admin).when().post("/admin/clients/{id}/rotate-secret", id)
                .then().statusCode(200).extract().path("client_secret");
        assertEquals(401, grant(id, secret));
        assertEquals(200, grant(id, rotated));

        given().auth().oauth2(admin).when().delete("/admin/clients/{id}", id).then().statusCode(200);
        assertEquals(401, grant(id, rotated));
        given().auth().oauth2(admin).when().get("/admin/clients/{id}", id).then().statusCode(404);
    }

    @Test
    void duplicateAndInvalidClientsAreRefused() {
        String admin = adminToken();
        String id = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"client_id\":\"" + id + "\",\"scopes\":[\"billing:read\"]}";
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/admin/clients")
                .then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/admin/clients")
                .then().statusCode(409).body("id", equalTo("conflict"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"client_id\":\"Bad Id!\",\"scopes\":[\"BILLING\"]}").post("/admin/clients")
                .then().statusCode(422).body("id", equalTo("invalid_params"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"client_id\":").post("/admin/clients")
                .then().statusCode(400);
    }

    @Test
    void onlyAdminsManageClients() {
        String user = accessToken(signUp());
        given().auth().oauth2(user).when().get("/admin/clients")
                .then().statusCode(403).contentType(ContentType.JSON).body("id", equalTo("forbidden"));
        given().when().get("/admin/clients").then().statusCode(401).body("id", equalTo("unauthorized"));
    }
}
