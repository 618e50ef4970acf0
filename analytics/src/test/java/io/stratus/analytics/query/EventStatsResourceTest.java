package io.stratus.analytics.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Series and names on generated events; expectations are counted in Java from the generated list, not SQL. */
@QuarkusTest
class EventStatsResourceTest {
    @Inject
    AgroalDataSource db;

    record Generated(String event, String user, Instant time) {
    }

    @Test
    void hourlySeriesMatchesAnIndependentCount() {
        TestProject p = TestProjects.create();
        Instant base = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        Random random = new Random(42);
        List<Generated> generated = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Every tenth event sits exactly on an hour edge; the rest anywhere in the 6 hours.
            long offset = i % 10 == 0 ? (i % 6) * 3_600_000L : random.nextInt(6 * 3_600_000);
            String user = random.nextInt(5) == 0 ? null : "u" + random.nextInt(20);
            generated.add(new Generated(random.nextBoolean() ? "view" : "buy", user, base.plusMillis(offset)));
        }
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < generated.size(); i++) {
            Generated g = generated.get(i);
            body.append(i == 0 ? "" : ",").append("{\"event\":\"").append(g.event()).append("\",\"token\":\"")
                    .append(p.token()).append("\",\"insert_id\":\"g").append(i).append("\",\"time\":\"")
                    .append(g.time()).append("\"")
                    .append(g.user() == null ? "" : ",\"distinct_id\":\"" + g.user() + "\"").append("}");
        }
        body.append("]");
        // Sent twice: duplicates are stored, and so counted, once.
        for (int k = 0; k < 2; k++) {
            given().contentType(ContentType.JSON).body(body.toString()).when().post("/v1/events")
                    .then().statusCode(202);
        }
        StoredEvents.awaitCount(db, p.id(), generated.size());

        Instant from = base.plus(1, ChronoUnit.HOURS);
        Instant to = base.plus(5, ChronoUnit.HOURS);
        JsonPath answer = given().auth().oauth2(Tokens.forAccount(p.owner()))
                .queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("interval", "hour").queryParam("event", "view").queryParam("event", "none")
                .when().get("/v1/projects/{id}/events/series", p.id())
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();

        Map<Instant, long[]> expected = new TreeMap<>();
        Map<Instant, Set<String>> users = new TreeMap<>();
        Set<String> allUsers = new HashSet<>();
        long total = 0;
        for (Instant t = from; t.isBefore(to); t = t.plus(1, ChronoUnit.HOURS)) {
            expected.put(t, new long[1]);
            users.put(t, new HashSet<>());
        }
        for (Generated g : generated) {
            if (g.event().equals("view") && !g.time().isBefore(from) && g.time().isBefore(to)) {
                Instant bucket = g.time().truncatedTo(ChronoUnit.HOURS);
                expected.get(bucket)[0]++;
                total++;
                if (g.user() != null) {
                    users.get(bucket).add(g.user());
                    allUsers.add(g.user());
                }
            }
        }
        assertEquals("view", answer.getString("series[0].event"));
        assertEquals(total, answer.getLong("series[0].total"));
        assertEquals(allUsers.size(), answer.getInt("series[0].uniques"));
        List<Map<String, Object>> points = answer.getList("series[0].points");
        assertEquals(4, points.size());
        int i = 0;
        for (Map.Entry<Instant, long[]> e : expected.entrySet()) {
            assertEquals(e.getKey(), Instant.parse((String) points.get(i).get("t")));
            assertEquals(e.getValue()[0], ((Number) points.get(i).get("count")).longValue(), "bucket " + e.getKey());
            assertEquals(users.get(e.getKey()).size(), ((Number) points.get(i).get("uniques")).intValue());
            i++;
        }
        assertEquals("none", answer.getString("series[1].event"));
        assertEquals(0, answer.getLong("series[1].total"));

        long views = generated.stream().filter(g -> g.event().equals("view")).count();
        given().auth().oauth2(Tokens.forAccount(p.owner())).queryParam("from", base.toString())
                .queryParam("to", base.plus(6, ChronoUnit.HOURS).toString())
                .when().get("/v1/projects/{id}/events/names", p.id())
                .then().statusCode(200)
                .body("find { it.event == 'view' }.count", equalTo((int) views))
                .body("find { it.event == 'buy' }.count", equalTo((int) (generated.size() - views)));
    }

    @Test
    void limitsAndIsolation() {
        TestProject p = TestProjects.create();
        String token = Tokens.forAccount(p.owner());
        given().auth().oauth2(token).queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-03-01T00:00:00Z")
                .queryParam("interval", "hour")
                .when().get("/v1/projects/{id}/events/series", p.id())
                .then().statusCode(422).body("id", equalTo("invalid_params"));
        given().auth().oauth2(token).queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-01-02T00:00:00Z")
                .queryParam("interval", "week")
                .when().get("/v1/projects/{id}/events/series", p.id())
                .then().statusCode(422);
        given().auth().oauth2(token).queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-01-03T00:00:00Z")
                .when().get("/v1/projects/{id}/events/series", p.id())
                .then().statusCode(200).body("series.size()", equalTo(0));
        given().auth().oauth2(Tokens.forAccount(TestAccount.create()))
                .queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-01-02T00:00:00Z")
                .when().get("/v1/projects/{id}/events/names", p.id())
                .then().statusCode(404);
    }
}
