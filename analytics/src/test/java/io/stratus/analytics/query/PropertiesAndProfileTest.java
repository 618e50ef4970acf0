package io.stratus.analytics.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /properties counted against the generated list; /profiles after /engage; CSV of both; isolation. */
@QuarkusTest
class PropertiesAndProfileTest {
    @Inject
    AgroalDataSource db;

    @Test
    void propertyKeysAreCountedPerEvent() {
        TestProject p = TestProjects.create();
        long base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.HOURS).toEpochMilli();
        List<Generated> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // Every third has a plan; import adds no other property than those sent (and time/distinct_id/insert id
            // are taken out of properties).
            events.add(new Generated(i % 2 == 0 ? "view" : "buy", "u" + i, base + i * 60_000L,
                    i % 3 == 0 ? "pro" : null));
        }
        Generated.send(db, p, events, false);
        long viewsWithPlan = events.stream().filter(g -> g.event().equals("view") && g.plan() != null).count();
        String token = Tokens.forAccount(p.owner());
        given().auth().oauth2(token).queryParam("from", Instant.ofEpochMilli(base).toString())
                .queryParam("to", Instant.ofEpochMilli(base + 3_600_000L).toString()).queryParam("event", "view")
                .when().get("/v1/projects/{id}/properties", p.id())
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("find { it.property == 'plan' }.count", equalTo((int) viewsWithPlan))
                .body("find { it.property == 'plan' }.sampled", equalTo(false));
        String csv = given().auth().oauth2(token).accept("text/csv")
                .queryParam("from", Instant.ofEpochMilli(base).toString())
                .queryParam("to", Instant.ofEpochMilli(base + 3_600_000L).toString()).queryParam("event", "view")
                .when().get("/v1/projects/{id}/properties", p.id())
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertEquals("property,count,sampled", csv.split("\r\n")[0]);
        given().auth().oauth2(token).queryParam("from", Instant.ofEpochMilli(base).toString())
                .queryParam("to", Instant.ofEpochMilli(base + 3_600_000L).toString()).queryParam("limit", 0)
                .when().get("/v1/projects/{id}/properties", p.id())
                .then().statusCode(422).body("id", equalTo("invalid_params"));
        given().auth().oauth2(token).queryParam("from", "2025-01-01T00:00:00Z")
                .queryParam("to", "2026-06-01T00:00:00Z")
                .when().get("/v1/projects/{id}/properties", p.id())
                .then().statusCode(422).body("message", equalTo("The range may span at most 366 days."));
        given().auth().oauth2(Tokens.forAccount(TestAccount.create()))
                .queryParam("from", Instant.ofEpochMilli(base).toString())
                .queryParam("to", Instant.ofEpochMilli(base + 3_600_000L).toString())
                .when().get("/v1/projects/{id}/properties", p.id())
                .then().statusCode(404);
    }

    @Test
    void profileShowsWhatEngageSet() {
        TestProject p = TestProjects.create();
        String data = "{\"$token\":\"" + p.token() + "\",\"$distinct_id\":\"ada\","
                + "\"$set\":{\"name\":\"=Ada, \\\"the first\\\"\",\"plan\":\"pro\"}}";
        given().contentType(ContentType.JSON).body(data).when().post("/engage")
                .then().statusCode(200);
        String token = Tokens.forAccount(p.owner());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status = 404;
        while (status == 404 && System.nanoTime() < deadline) {
            status = given().auth().oauth2(token).when().get("/v1/projects/{id}/profiles/{d}", p.id(), "ada")
                    .then().extract().statusCode();
        }
        given().auth().oauth2(token).when().get("/v1/projects/{id}/profiles/{d}", p.id(), "ada")
                .then().statusCode(200).contentType(ContentType.JSON).body("distinct_id", equalTo("ada"))
                .body("properties.plan", equalTo("pro")).body("properties.name", equalTo("=Ada, \"the first\""));
        String csv = given().auth().oauth2(token).accept("text/csv")
                .when().get("/v1/projects/{id}/profiles/{d}", p.id(), "ada")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("distinct_id,properties,updated_at", lines[0]);
        assertEquals(2, lines.length);
        given().auth().oauth2(token).when().get("/v1/projects/{id}/profiles/{d}", p.id(), "nobody")
                .then().statusCode(404).contentType(ContentType.JSON).body("id", equalTo("not_found"));
        given().auth().oauth2(Tokens.forAccount(TestAccount.create()))
                .when().get("/v1/projects/{id}/profiles/{d}", p.id(), "ada")
                .then().statusCode(404);
    }

    @Test
    void csvCellsAreQuotedAndFormulasDefused() {
        assertEquals("plain", CsvWriter.cell("plain"));
        assertEquals("\"a,b\"", CsvWriter.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvWriter.cell("say \"hi\""));
        assertEquals("'=SUM(A1)", CsvWriter.cell("=SUM(A1)"));
        assertEquals("-3", CsvWriter.cell(-3));
        assertEquals("", CsvWriter.cell(null));
    }
}
