package io.stratus.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import org.junit.jupiter.api.Test;

/** The wire conventions of spec/conventions.md, over real HTTP against the assembled app. */
@QuarkusTest
class ConventionsTest {
    static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void malformedJsonIs400WithErrorBody() {
        given().contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/test-probe")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("id", equalTo("bad_request")).body("message", notNullValue())
                .body(not(containsString("Exception")));
    }

    @Test
    void wrongJsonTypeIs400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"name\":\"a\",\"quantity\":\"many\"}")
                .when().post("/test-probe")
                .then().statusCode(400).body("id", equalTo("bad_request")).body("message", containsString("quantity"));
    }

    @Test
    void wrongContentTypeIs415() {
        given().contentType(ContentType.XML).body("<probe/>")
                .when().post("/test-probe")
                .then().statusCode(415).contentType(ContentType.JSON).body("id", equalTo("unsupported_media_type"));
    }

    @Test
    void bodyOverTheLimitIs413BeforeParsing() {
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"quantity\":1}";
        given().contentType(ContentType.JSON).body(big)
                .when().post("/test-probe")
                .then().statusCode(413).contentType(ContentType.JSON).body("id", equalTo("request_too_large"));
    }

    @Test
    void unknownRouteIs404Json() {
        given().when().get("/no/such/route")
                .then().statusCode(404).contentType(ContentType.JSON).body("id", equalTo("not_found"));
    }

    @Test
    void wrongMethodIs405Json() {
        given().when().delete("/test-probe")
                .then().statusCode(405).contentType(ContentType.JSON).body("id", equalTo("method_not_allowed"));
    }

    @Test
    void validationIs422NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"name\":\"\",\"quantity\":101}")
                .when().post("/test-probe")
                .then().statusCode(422).contentType(ContentType.JSON)
                .body("id", equalTo("invalid_params"))
                .body("message", containsString("name")).body("message", containsString("quantity"));
    }

    @Test
    void herokuVendorAcceptIsServedAsJson() {
        given().accept("application/vnd.heroku+json; version=3")
                .when().get("/test-probe")
                .then().statusCode(200).contentType(ContentType.JSON).body("name", equalTo("probe"));
        given().accept("application/vnd.heroku+json; version=3.sdk")
                .when().get("/test-probe")
                .then().statusCode(200).body("name", equalTo("probe"));
    }

    @Test
    void otherApiVersionsAre406() {
        given().accept("application/vnd.heroku+json; version=2")
                .when().get("/test-probe")
                .then().statusCode(406).contentType(ContentType.JSON).body("id", equalTo("not_acceptable"));
    }

    @Test
    void nulCharactersAre400BeforeTheyReachTheDatabase() {
        given().urlEncodingEnabled(false).when().get("/test-probe/%00x")
                .then().statusCode(400).contentType(ContentType.JSON).body("id", equalTo("bad_request"));
        given().contentType(ContentType.JSON).body("{\"name\":\"a\\u0000b\",\"quantity\":1}")
                .when().post("/test-probe")
                .then().statusCode(400).contentType(ContentType.JSON).body("message", containsString("name"));
    }

    @Test
    void saneRequestIdIsEchoed() {
        given().header("X-Request-Id", "abc-123.test")
                .when().get("/test-probe")
                .then().statusCode(200).header("Request-Id", "abc-123.test");
    }

    @Test
    void insaneOrMissingRequestIdGetsAUuid() {
        given().header("X-Request-Id", "a,b,c ; drop table".repeat(300))
                .when().get("/test-probe")
                .then().header("Request-Id", matchesPattern(UUID_PATTERN));
        given().when().get("/no/such/route").then().header("Request-Id", matchesPattern(UUID_PATTERN));
    }

    @Test
    void missingOrForgedTokenIs401Json() {
        given().when().get("/test-probe/me")
                .then().statusCode(401).contentType(ContentType.JSON).body("id", equalTo("unauthorized"))
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("not.a.jwt").when().get("/test-probe/me")
                .then().statusCode(401).contentType(ContentType.JSON).body("id", equalTo("unauthorized"));
    }

    @Test
    void signedTokenIdentifiesTheCaller() {
        var account = TestAccount.create();
        given().auth().oauth2(Tokens.forAccount(account)).when().get("/test-probe/me")
                .then().statusCode(200).body(containsString(account.id().toString()));
    }

    @Test
    void healthLiveAndReadyAreUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessDoesNotDependOnTheSharedDatabase() {
        // Every instance shares one PostgreSQL: if its outage made them all unready, the balancer would drop them
        // all, and ingestion could no longer queue through it (README, "Cluster"; bench/faults fault 3).
        // The datasource check stays registered but no longer reports the default datasource.
        given().when().get("/q/health/ready").then().statusCode(200).body(not(containsString("<default>")));
    }

    @Test
    void metricsArePrometheusText() {
        given().when().get("/q/metrics")
                .then().statusCode(200).body(containsString("# TYPE")).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).body("openapi", notNullValue());
    }
}
