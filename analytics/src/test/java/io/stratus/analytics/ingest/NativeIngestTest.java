package io.stratus.analytics.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NativeIngestTest {
    @Inject
    AgroalDataSource db;

    static String event(TestProject p, String name, String extra) {
        return "{\"event\":\"" + name + "\",\"token\":\"" + p.token() + "\"" + extra + "}";
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void acceptsOneEventAndStoresIt() {
        TestProject p = TestProjects.create();
        given().contentType(ContentType.JSON)
                .body(event(p, "Signed up", ",\"distinct_id\":\"u1\",\"properties\":{\"plan\":\"pro\",\"n\":1.50}"))
                .when().post("/v1/events")
                .then().statusCode(202).contentType(ContentType.JSON)
                .body("accepted", equalTo(1)).body("rejected", equalTo(0));
        StoredEvents.awaitCount(db, p.id(), 1);
        Map<String, String> row = StoredEvents.rows(db, p.id()).get(0);
        assertEquals("Signed up", row.get("event"));
        assertEquals("u1", row.get("distinct_id"));
        assertTrue(row.get("properties").contains("\"plan\": \"pro\""), row.get("properties"));
        assertTrue(row.get("insert_id").matches("[0-9a-f-]{36}"));
    }

    @Test
    void acceptsValidEventsOfABatchAndReportsTheInvalidOnes() {
        TestProject p = TestProjects.create();
        String body = "[" + event(p, "a", "") + ",{\"token\":\"" + p.token() + "\"}," + event(p, "b", "")
                + "," + event(p, "", "") + "]";
        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(2)).body("rejected", equalTo(2))
                .body("errors[0].index", equalTo(1)).body("errors[0].field", equalTo("event"))
                .body("errors[1].index", equalTo(3));
        StoredEvents.awaitCount(db, p.id(), 2);
    }

    @Test
    void sameIdentityIsStoredOnceEvenWhenSentConcurrently() {
        TestProject p = TestProjects.create();
        long t = nowSeconds();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            batch.append(i == 0 ? "" : ",").append(event(p, "view",
                    ",\"distinct_id\":\"u" + i + "\",\"time\":" + t + ",\"insert_id\":\"id-" + i + "\""));
        }
        String body = batch.append("]").toString();
        List<CompletableFuture<Integer>> sends = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sends.add(CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).body(body)
                    .when().post("/v1/events").then().extract().statusCode()));
        }
        sends.forEach(s -> assertEquals(202, s.join()));
        StoredEvents.awaitCount(db, p.id(), 50);
        StoredEvents.sleep(300);
        assertEquals(50, StoredEvents.count(db, p.id()));
    }

    @Test
    void decimalSecondsAndMillisecondsAreOneInstant() {
        TestProject p = TestProjects.create();
        long ms = System.currentTimeMillis() - 60_000;
        String seconds = (ms / 1000) + "." + String.format("%03d", ms % 1000);
        String body = "[" + event(p, "e", ",\"distinct_id\":\"u\",\"insert_id\":\"x1\",\"time\":" + seconds) + ","
                + event(p, "e", ",\"distinct_id\":\"u\",\"insert_id\":\"x1\",\"time\":" + ms) + ","
                + event(p, "e", ",\"distinct_id\":\"u\",\"insert_id\":\"x1\",\"time\":\"" + ms + "\"" ) + ","
                + event(p, "e", ",\"distinct_id\":\"u\",\"insert_id\":\"x1\",\"time\":\""
                        + java.time.Instant.ofEpochMilli(ms) + "\"") + "]";
        given().contentType(ContentType.JSON).body(body).when().post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(4));
        StoredEvents.awaitCount(db, p.id(), 1);
        StoredEvents.sleep(300);
        assertEquals(1, StoredEvents.count(db, p.id()));
        assertEquals(Long.toString(ms), StoredEvents.rows(db, p.id()).get(0).get("time_ms"));
    }

    @Test
    void refusesTimesOutsideTheWindowRatherThanClamping() {
        TestProject p = TestProjects.create();
        long sixDaysAgo = nowSeconds() - 6 * 86400;
        long twoHoursAhead = nowSeconds() + 7200;
        given().contentType(ContentType.JSON)
                .body("[" + event(p, "old", ",\"time\":" + sixDaysAgo) + "," + event(p, "future", ",\"time\":"
                        + twoHoursAhead) + "]")
                .when().post("/v1/events")
                .then().statusCode(422).body("id", equalTo("invalid_params")).body("errors[0].field", equalTo("time"))
                .body("errors[1].field", equalTo("time"));
    }

    @Test
    void malformedJsonIs400AndDoesNotDisturbOtherEvents() {
        TestProject p = TestProjects.create();
        given().contentType(ContentType.JSON).body(event(p, "before", "")).when().post("/v1/events")
                .then().statusCode(202);
        given().contentType(ContentType.JSON).body("{\"event\":").when().post("/v1/events")
                .then().statusCode(400).contentType(ContentType.JSON).body("id", equalTo("bad_request"));
        given().contentType(ContentType.JSON).body("\"just a string\"").when().post("/v1/events")
                .then().statusCode(400).body("id", equalTo("bad_request"));
        given().contentType(ContentType.JSON).body(event(p, "after", "")).when().post("/v1/events")
                .then().statusCode(202);
        StoredEvents.awaitCount(db, p.id(), 2);
    }

    @Test
    void unknownTokenIs401AndEmptyBatchIs422() {
        given().contentType(ContentType.JSON).body("{\"event\":\"e\",\"token\":\"nope\"}")
                .when().post("/v1/events")
                .then().statusCode(401).body("id", equalTo("unauthorized"));
        given().contentType(ContentType.JSON).body("[]").when().post("/v1/events")
                .then().statusCode(422).body("id", equalTo("invalid_params"));
    }

    @Test
    void eventWithoutNameIs422() {
        TestProject p = TestProjects.create();
        given().contentType(ContentType.JSON).body("{\"token\":\"" + p.token() + "\"}")
                .when().post("/v1/events")
                .then().statusCode(422).body("errors[0].field", equalTo("event"));
    }

    @Test
    void tooManyPropertiesIs422AndLongValuesAreCut() {
        TestProject p = TestProjects.create();
        StringBuilder props = new StringBuilder("{");
        for (int i = 0; i < 255; i++) {
            props.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":1");
        }
        props.append("}");
        given().contentType(ContentType.JSON).body(event(p, "wide", ",\"properties\":" + props))
                .when().post("/v1/events")
                .then().statusCode(422).body("errors[0].field", equalTo("properties"));
        given().contentType(ContentType.JSON)
                .body(event(p, "long", ",\"properties\":{\"s\":\"" + "y".repeat(300) + "\\u0000z\"}"))
                .when().post("/v1/events").then().statusCode(202);
        StoredEvents.awaitCount(db, p.id(), 1);
        String stored = StoredEvents.rows(db, p.id()).get(0).get("properties");
        assertTrue(stored.contains("\"" + "y".repeat(255) + "\""), stored);
    }

    @Test
    void batchOverTheLimitIs413AndNothingIsAccepted() {
        TestProject p = TestProjects.create();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 2001; i++) {
            batch.append(i == 0 ? "" : ",").append(event(p, "e", ""));
        }
        given().contentType(ContentType.JSON).body(batch.append("]").toString())
                .when().post("/v1/events")
                .then().statusCode(413).body("id", equalTo("request_too_large"));
        StoredEvents.sleep(300);
        assertEquals(0, StoredEvents.count(db, p.id()));
    }

    @Test
    void oversizedBodyIs413BeforeParsing() {
        TestProject p = TestProjects.create();
        byte[] big = ("[" + event(p, "e", ",\"properties\":{\"s\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}")
                + "]").getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).body(big).when().post("/v1/events")
                .then().statusCode(413).body("id", equalTo("request_too_large"));
        given().contentType(ContentType.JSON)
                .body(event(p, "e", ",\"properties\":{\"s\":\"" + "x".repeat(1_000_001) + "\"}"))
                .when().post("/v1/events")
                .then().statusCode(413);
    }

    @Test
    void wrongContentTypeIs415() {
        given().contentType(ContentType.XML).body("<e/>").when().post("/v1/events")
                .then().statusCode(415).body("id", equalTo("unsupported_media_type"));
    }

    @Test
    void gzipBodiesAreInflated() throws IOException {
        TestProject p = TestProjects.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(("[" + event(p, "zipped", "") + "]").getBytes(StandardCharsets.UTF_8));
        }
        given().contentType(ContentType.JSON).header("Content-Encoding", "gzip").body(out.toByteArray())
                .when().post("/v1/events").then().statusCode(202).body("accepted", equalTo(1));
        StoredEvents.awaitCount(db, p.id(), 1);
        given().contentType(ContentType.JSON).header("Content-Encoding", "gzip").body("not gzip")
                .when().post("/v1/events").then().statusCode(400);
    }

    @Test
    void corsEchoesTheOriginWithCredentials() {
        TestProject p = TestProjects.create();
        given().header("Origin", "https://shop.example").contentType(ContentType.JSON).body(event(p, "e", ""))
                .when().post("/v1/events")
                .then().statusCode(202).header("Access-Control-Allow-Origin", "https://shop.example")
                .header("Access-Control-Allow-Credentials", "true").header("Vary", containsString("Origin"))
                .header("Access-Control-Expose-Headers", "Retry-After");
        given().header("Origin", "https://shop.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "X-Custom")
                .when().options("/track")
                .then().statusCode(204).header("Access-Control-Allow-Origin", "https://shop.example")
                .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .header("Access-Control-Allow-Headers", "X-Custom, Content-Type")
                .header("Access-Control-Max-Age", "86400");
    }

    @Test
    void ingestionRunsBeforeHttpSecurityYetKeepsRequestIdsAndOtherPathsStayGuarded() {
        TestProject p = TestProjects.create();
        // The ingestion routes sit ahead of Quarkus' security handlers: a stray bearer header means nothing there.
        given().header("X-Request-Id", "ingest-order-1").auth().oauth2("not-a-jwt").contentType(ContentType.JSON)
                .body(event(p, "ordered", "")).when().post("/v1/events")
                .then().statusCode(202).header("Request-Id", "ingest-order-1").body("accepted", equalTo(1));
        StoredEvents.awaitCount(db, p.id(), 1);
        given().when().get("/v1/projects").then().statusCode(401).contentType(ContentType.JSON);
        given().auth().oauth2("not-a-jwt").when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(401).contentType(ContentType.JSON);
    }
}
