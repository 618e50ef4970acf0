package io.stratus.analytics;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import java.util.UUID;

/** Creates projects through the real API, one fresh account each unless given. */
public final class TestProjects {
    private TestProjects() {
    }

    public record TestProject(UUID id, String token, String secret, TestAccount owner) {
    }

    public static TestProject create() {
        return create(TestAccount.create());
    }

    public static TestProject create(TestAccount owner) {
        ExtractableResponse<Response> created = given().auth().oauth2(Tokens.forAccount(owner))
                .contentType(ContentType.JSON).body("{\"name\":\"Shop\"}")
                .when().post("/v1/projects")
                .then().statusCode(201).extract();
        return new TestProject(UUID.fromString(created.path("id")), created.path("token"), created.path("secret"),
                owner);
    }
}
