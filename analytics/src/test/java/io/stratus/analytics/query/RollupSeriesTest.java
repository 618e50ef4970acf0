package io.stratus.analytics.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import io.stratus.common.testing.Tokens;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * /events/series from the writer's rollups, against counts made in Java from the generated list: a range whose
 * edges fall mid-hour and mid-day (raw edges, hour rows, day rows in one answer), events exactly on hour and day
 * edges, anonymous events, and every event sent twice.
 */
@QuarkusTest
class RollupSeriesTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;

    @Inject
    AgroalDataSource db;

    static List<Generated> dataset(long base, int n, long seed) {
        Random random = new Random(seed);
        List<Generated> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long offset;
            if (i % 10 == 0) {
                offset = random.nextInt(72) * HOUR; // exactly on an hour edge (every 24th of them a day edge)
            } else if (i % 10 == 1) {
                offset = random.nextInt(3) * DAY - 1; // the last millisecond before a day edge
            } else {
                offset = (long) (random.nextDouble() * 3 * DAY);
            }
            String user = random.nextInt(6) == 0 ? null : "u" + random.nextInt(25);
            String event = random.nextInt(3) == 0 ? "buy" : "view";
            events.add(new Generated(event, user, base + Math.max(0, offset), random.nextBoolean() ? "pro" : "free"));
        }
        return events;
    }

    /** |estimate - exact| within UltraLogLog's bound (5.2% at 3 sigma), and never more than 1 below 20 users. */
    static void assertUniques(long exact, long estimate, String what) {
        long allowed = Math.max(1, Math.round(exact * 0.052));
        assertTrue(Math.abs(exact - estimate) <= allowed, what + ": exact " + exact + ", estimate " + estimate);
    }

    @Test
    void dailySeriesOverRaggedEdgesMatchesAnIndependentCount() {
        TestProject p = TestProjects.create();
        long base = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(4, ChronoUnit.DAYS).toEpochMilli();
        List<Generated> events = dataset(base, 600, 11);
        Generated.send(db, p, events, true);

        long from = base + 30 * 60_000 + 123; // mid-hour of day 0
        long to = base + 2 * DAY + 5 * HOUR + 17 * 60_000; // mid-hour of day 2
        JsonPath answer = given().auth().oauth2(Tokens.forAccount(p.owner()))
                .queryParam("from", Instant.ofEpochMilli(from).toString())
                .queryParam("to", Instant.ofEpochMilli(to).toString()).queryParam("interval", "day")
                .when().get("/v1/projects/{id}/events/series", p.id())
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();

        for (String event : List.of("view", "buy")) {
            Map<Long, Long> counts = new HashMap<>();
            Map<Long, Set<String>> users = new HashMap<>();
            Set<String> all = new HashSet<>();
            long total = 0;
            for (Generated g : events) {
                if (g.event().equals(event) && g.time() >= from && g.time() < to) {
                    long day = Math.floorDiv(g.time(), DAY) * DAY;
                    counts.merge(day, 1L, Long::sum);
                    total++;
                    if (g.user() != null) {
                        users.computeIfAbsent(day, d -> new HashSet<>()).add(g.user());
                        all.add(g.user());
                    }
                }
            }
            String series = "series.find { it.event == '" + event + "' }";
            assertEquals(total, answer.getLong(series + ".total"), event);
            assertUniques(all.size(), answer.getLong(series + ".uniques"), event + " over the range");
            List<Map<String, Object>> points = answer.getList(series + ".points");
            assertEquals(3, points.size());
            for (int d = 0; d < 3; d++) {
                long day = base + d * DAY;
                assertEquals(Instant.ofEpochMilli(day), Instant.parse((String) points.get(d).get("t")));
                assertEquals(counts.getOrDefault(day, 0L), ((Number) points.get(d).get("count")).longValue(),
                        event + " day " + d);
                assertUniques(users.getOrDefault(day, Set.of()).size(),
                        ((Number) points.get(d).get("uniques")).longValue(), event + " day " + d);
            }
        }
        // Counted once despite the resend: every rollup unit sums to the stored events.
        long stored = StoredEvents.count(db, p.id());
        assertEquals(events.size(), stored);
        for (String unit : List.of("hour", "day")) {
            assertEquals(stored, StoredEvents.queryLong(db, "SELECT coalesce(sum(count), 0) FROM "
                    + "analytics.event_rollups WHERE project_id = ? AND unit = ?", p.id(), unit), unit);
        }
    }

    @Test
    void hourlySeriesOnEdgesAndEmptyRanges() {
        TestProject p = TestProjects.create();
        long base = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(4, ChronoUnit.DAYS).toEpochMilli();
        List<Generated> events = dataset(base, 300, 12);
        Generated.send(db, p, events, false);
        String token = Tokens.forAccount(p.owner());

        long from = base + 20 * HOUR;
        long to = base + 28 * HOUR; // crosses the day edge
        JsonPath answer = given().auth().oauth2(token)
                .queryParam("from", Instant.ofEpochMilli(from).toString())
                .queryParam("to", Instant.ofEpochMilli(to).toString()).queryParam("interval", "hour")
                .queryParam("event", "view")
                .when().get("/v1/projects/{id}/events/series", p.id())
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> points = answer.getList("series[0].points");
        assertEquals(8, points.size());
        for (int h = 0; h < 8; h++) {
            long start = from + h * HOUR;
            long expected = events.stream().filter(g -> g.event().equals("view") && g.time() >= start
                    && g.time() < start + HOUR).count();
            assertEquals(expected, ((Number) points.get(h).get("count")).longValue(), "hour " + h);
        }

        // A range with no events: zero-filled buckets, no uniques.
        given().auth().oauth2(token)
                .queryParam("from", Instant.ofEpochMilli(base - 3 * HOUR).toString())
                .queryParam("to", Instant.ofEpochMilli(base).toString()).queryParam("interval", "hour")
                .queryParam("event", "view")
                .when().get("/v1/projects/{id}/events/series", p.id())
                .then().statusCode(200).body("series[0].total", equalTo(0)).body("series[0].uniques", equalTo(0))
                .body("series[0].points.size()", equalTo(3)).body("series[0].points[2].count", equalTo(0));

        // where reads raw events: exact uniques.
        long proViews = events.stream().filter(g -> g.event().equals("view") && g.plan().equals("pro")).count();
        long proUsers = events.stream().filter(g -> g.event().equals("view") && g.plan().equals("pro")
                && g.user() != null).map(Generated::user).distinct().count();
        given().auth().oauth2(token)
                .queryParam("from", Instant.ofEpochMilli(base).toString())
                .queryParam("to", Instant.ofEpochMilli(base + 3 * DAY).toString()).queryParam("interval", "day")
                .queryParam("event", "view").queryParam("where", "{\"plan\":\"pro\"}")
                .when().get("/v1/projects/{id}/events/series", p.id())
                .then().statusCode(200).body("series[0].total", equalTo((int) proViews))
                .body("series[0].uniques", equalTo((int) proUsers));

        // CSV: a header and one row per event and bucket.
        String csv = given().auth().oauth2(token).accept("text/csv")
                .queryParam("from", Instant.ofEpochMilli(from).toString())
                .queryParam("to", Instant.ofEpochMilli(to).toString()).queryParam("interval", "hour")
                .queryParam("event", "view").queryParam("event", "buy")
                .when().get("/v1/projects/{id}/events/series", p.id())
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("event,t,count,uniques", lines[0]);
        assertEquals(1 + 16, lines.length);
        assertEquals("view," + Instant.ofEpochMilli(from) + "," + points.get(0).get("count") + ","
                + points.get(0).get("uniques"), lines[1]);
    }

    @Test
    void statementTimeoutIs503() throws Exception {
        TestProject p = TestProjects.create();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("LOCK TABLE analytics.event_rollups IN ACCESS EXCLUSIVE MODE");
            given().auth().oauth2(Tokens.forAccount(p.owner()))
                    .queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-01-02T00:00:00Z")
                    .when().get("/v1/projects/{id}/events/series", p.id())
                    .then().statusCode(503).contentType(ContentType.JSON).body("id", equalTo("unavailable"))
                    .header("Retry-After", equalTo("1"));
            c.rollback();
        }
    }
}
