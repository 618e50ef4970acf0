package io.stratus.analytics.project;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProjectResourceTest {

    @Test
    void createsProjectWithTokenAndSecretShownOnce() {
        TestAccount owner = TestAccount.create();
        given().auth().oauth2(Tokens.forAccount(owner)).contentType(ContentType.JSON).body("{\"name\":\"Shop\"}")
                .when().post("/v1/projects")
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("name", equalTo("Shop"))
                .body("token", matchesPattern("[0-9a-f]{32}"))
                .body("secret", matchesPattern("[0-9a-f]{32}"))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        given().auth().oauth2(Tokens.forAccount(owner))
                .when().get("/v1/projects")
                .then().statusCode(200).body("", hasSize(1)).body("[0].secret", nullValue())
                .body("[0].token", notNullValue());
    }

    @Test
    void hidesProjectsOfOtherAccounts() {
        TestProject project = TestProjects.create();
        String stranger = Tokens.forAccount(TestAccount.create());
        given().auth().oauth2(stranger).when().get("/v1/projects/{id}", project.id())
                .then().statusCode(404).contentType(ContentType.JSON).body("id", equalTo("not_found"));
        given().auth().oauth2(stranger).when().post("/v1/projects/{id}/secret", project.id())
                .then().statusCode(404);
        given().auth().oauth2(stranger).when().get("/v1/projects").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void rotatesTheSecret() {
        TestProject project = TestProjects.create();
        given().auth().oauth2(Tokens.forAccount(project.owner()))
                .when().post("/v1/projects/{id}/secret", project.id())
                .then().statusCode(200).body("secret", matchesPattern("[0-9a-f]{32}"))
                .body("secret", not(equalTo(project.secret())));
    }

    @Test
    void refusesMissingOrForgedTokens() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Shop\"}").when().post("/v1/projects")
                .then().statusCode(401).contentType(ContentType.JSON).body("id", equalTo("unauthorized"));
        given().auth().oauth2("not-a-jwt").when().get("/v1/projects")
                .then().statusCode(401).body("id", equalTo("unauthorized"));
    }

    @Test
    void refusesBadBodies() {
        String token = Tokens.forAccount(TestAccount.create());
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":")
                .when().post("/v1/projects").then().statusCode(400).body("id", equalTo("bad_request"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"\"}")
                .when().post("/v1/projects").then().statusCode(422).body("id", equalTo("invalid_params"))
                .body("message", matchesPattern(".*name.*"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"" + "x".repeat(70_000) + "\"}")
                .when().post("/v1/projects").then().statusCode(413).body("id", equalTo("request_too_large"));
    }
}
