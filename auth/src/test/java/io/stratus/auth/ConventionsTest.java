package io.stratus.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The wire conventions of spec/conventions.md, over real HTTP against auth's own endpoints. */
@QuarkusTest
class ConventionsTest {
    static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void malformedJsonIs400WithErrorBody() {
        given().contentType(ContentType.JSON).body("{\"email\": ")
                .when().post("/users")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("id", equalTo("bad_request")).body("message", notNullValue())
                .body(not(containsString("Exception")));
    }

    @Test
    void wrongJsonTypeIs400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"email\":\"a@b.test\",\"password\":{\"x\":1}}")
                .when().post("/users")
                .then().statusCode(400).body("id", equalTo("bad_request")).body("message", containsString("password"));
    }

    @Test
    void wrongContentTypeIs415() {
        given().contentType(ContentType.XML).body("<user/>")
                .when().post("/users")
                .then().statusCode(415).contentType(ContentType.JSON).body("id", equalTo("unsupported_media_type"));
    }

    @Test
    void bodyOverTheLimitIs413BeforeParsing() {
        String big = "{\"email\":\"" + "x".repeat(70 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(big)
                .when().post("/users")
                .then().statusCode(413).contentType(ContentType.JSON).body("id", equalTo("request_too_large"));
    }

    @Test
    void unknownRouteIs404Json() {
        given().when().get("/no/such/route")
                .then().statusCode(404).contentType(ContentType.JSON).body("id", equalTo("not_found"));
    }

    @Test
    void wrongMethodIs405Json() {
        given().when().delete("/.well-known/jwks.json")
                .then().statusCode(405).contentType(ContentType.JSON).body("id", equalTo("method_not_allowed"));
    }

    @Test
    void herokuVendorAcceptIsServedAsJson() {
        given().accept("application/vnd.heroku+json; version=3")
                .when().get("/.well-known/openid-configuration")
                .then().statusCode(200).contentType(ContentType.JSON).body("issuer", notNullValue());
    }

    @Test
    void otherApiVersionsAre406() {
        given().accept("application/vnd.heroku+json; version=2")
                .when().get("/.well-known/openid-configuration")
                .then().statusCode(406).contentType(ContentType.JSON).body("id", equalTo("not_acceptable"));
    }

    @Test
    void saneRequestIdIsEchoedElseAUuid() {
        given().header("X-Request-Id", "abc-123.test")
                .when().get("/.well-known/jwks.json")
                .then().statusCode(200).header("Request-Id", "abc-123.test");
        given().header("X-Request-Id", "a,b,c ; drop table".repeat(300))
                .when().get("/.well-known/jwks.json")
                .then().header("Request-Id", matchesPattern(UUID_PATTERN));
    }

    @Test
    void missingTokenIs401Json() {
        given().when().get("/users/me")
                .then().statusCode(401).contentType(ContentType.JSON).body("id", equalTo("unauthorized"))
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void healthLiveAndReadyAreUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database connections health check"));
    }

    @Test
    void metricsArePrometheusText() {
        given().when().get("/q/metrics")
                .then().statusCode(200).body(containsString("# TYPE")).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiListsEveryEndpoint() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).body("openapi", notNullValue())
                .body("paths", org.hamcrest.Matchers.hasKey("/oauth/token"))
                .body("paths", org.hamcrest.Matchers.hasKey("/oauth/authorizations"))
                .body("paths", org.hamcrest.Matchers.hasKey("/oauth/authorizations/{id}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/oauth/revocations"))
                .body("paths", org.hamcrest.Matchers.hasKey("/users"))
                .body("paths", org.hamcrest.Matchers.hasKey("/admin/clients"))
                .body("paths", org.hamcrest.Matchers.hasKey("/admin/users"))
                .body("paths", org.hamcrest.Matchers.hasKey("/admin/signing-keys/rotate"))
                .body("paths", org.hamcrest.Matchers.hasKey("/.well-known/jwks.json"));
    }
}
