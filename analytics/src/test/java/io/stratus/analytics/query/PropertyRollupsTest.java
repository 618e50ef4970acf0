package io.stratus.analytics.query;

import static io.restassured.RestAssured.given;
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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Breakdowns over derived days (breakdown rollups), stale days and capped days. Expectations are counted in Java
 * from the events sent; the derived rows are checked to be read by deleting a derived day's raw events.
 */
@QuarkusTest
class PropertyRollupsTest {
    @Inject
    AgroalDataSource db;

    @Inject
    PropertyRollups rollups;

    /** One event to import; properties keep their order so the JSON is stable. */
    record Event(String event, String user, Instant time, Map<String, Object> properties) {
        String json(String insertId) {
            StringBuilder b = new StringBuilder("{\"event\":\"").append(event).append("\",\"properties\":{")
                    .append("\"distinct_id\":\"").append(user).append("\",\"$insert_id\":\"").append(insertId)
                    .append("\",\"time\":").append(time.toEpochMilli());
            properties.forEach((k, v) -> b.append(",\"").append(k).append("\":")
                    .append(v instanceof String ? "\"" + v + "\"" : v));
            return b.append("}}").toString();
        }
    }

    /** What /breakdown should answer, counted here: values by count then JSON text, with users per value. */
    record Expected(List<String> values, List<Integer> counts, List<Integer> uniques, long other, long missing) {
        static Expected of(List<Event> events, String name, String property, int limit) {
            Map<String, Integer> counts = new HashMap<>();
            Map<String, Set<String>> users = new HashMap<>();
            long missing = 0;
            for (Event e : events) {
                if (!e.event().equals(name)) {
                    continue;
                }
                Object v = e.properties().get(property);
                if (v == null) {
                    missing++;
                    continue;
                }
                String key = v instanceof String ? "\"" + v + "\"" : v.toString();
                counts.merge(key, 1, Integer::sum);
                users.computeIfAbsent(key, k -> new HashSet<>()).add(e.user());
            }
            List<String> order = counts.keySet().stream()
                    .sorted((a, b) -> !counts.get(a).equals(counts.get(b)) ? counts.get(b) - counts.get(a)
                            : a.compareTo(b)).toList();
            List<String> top = order.subList(0, Math.min(limit, order.size()));
            long other = order.subList(top.size(), order.size()).stream().mapToLong(counts::get).sum();
            return new Expected(top, top.stream().map(counts::get).toList(),
                    top.stream().map(k -> users.get(k).size()).toList(), other, missing);
        }
    }

    @Test
    void derivedDaysServeBreakdownsAndAStaleDayIsReadRaw() throws SQLException {
        TestProject p = TestProjects.create();
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Instant first = today.minus(3, ChronoUnit.DAYS);
        String[] plans = {"pro", "free", "free", "team", null, "free", "enterprise", "pro"};
        List<Event> events = new ArrayList<>();
        for (int day = 0; day < 4; day++) {
            // The last day is today (not finished): it is always read raw.
            Instant base = day < 3 ? first.plus(day, ChronoUnit.DAYS)
                    : today.plusMillis(Duration.between(today, Instant.now()).toMillis() / 2);
            for (int k = 0; k < 40; k++) {
                Map<String, Object> props = new LinkedHashMap<>();
                String plan = plans[(day * 3 + k) % plans.length];
                if (plan != null) {
                    props.put("plan", plan);
                }
                props.put("n", k % 3);
                // Events at the very start and end of the day land in that day, not the next.
                Instant t = day < 3 ? base.plusMillis(k == 0 ? 0 : k == 39 ? 86_399_999L : k * 60_000L)
                        : base.plusMillis(k);
                events.add(new Event(k % 5 == 4 ? "view" : "buy", "u" + (k % 9), t, props));
            }
        }
        send(p, events, 0);
        StoredEvents.awaitCount(db, p.id(), events.size());
        assertTrue(rollups.deriveFinishedDays(Instant.now()) >= 6);
        assertEquals(6, scalar("SELECT count(*) FROM analytics.event_property_days WHERE project_id = ?", p));

        // The first day's raw events are gone: only its derived rows can still answer for it.
        long deleted = update("DELETE FROM analytics.events WHERE project_id = ? AND time >= ? AND time < ?", p,
                first, first.plus(1, ChronoUnit.DAYS));
        assertEquals(40, deleted);
        String from = first.toString();
        String to = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        assertBreakdown(p, from, to, "buy", "plan", 2, Expected.of(events, "buy", "plan", 2));
        assertBreakdown(p, from, to, "buy", "n", 5, Expected.of(events, "buy", "n", 5));
        assertBreakdown(p, from, to, "buy", "absent", 5, Expected.of(events, "buy", "absent", 5));
        // A range starting inside the first day reads that part raw (now empty), the other days as before.
        List<Event> afterFirstDay = events.stream().filter(e -> !e.time().isBefore(first.plus(1, ChronoUnit.DAYS)))
                .toList();
        assertBreakdown(p, first.plusMillis(1).toString(), to, "buy", "plan", 3,
                Expected.of(afterFirstDay, "buy", "plan", 3));

        // Late events make the second day stale: it is read raw until derived again.
        Instant second = first.plus(1, ChronoUnit.DAYS);
        List<Event> late = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            late.add(new Event("buy", "late" + (k % 2), second.plus(5, ChronoUnit.HOURS).plusMillis(k),
                    Map.of("plan", "team")));
        }
        send(p, late, events.size());
        StoredEvents.awaitCount(db, p.id(), events.size() - 40 + late.size());
        List<Event> all = new ArrayList<>(events);
        all.addAll(late);
        assertBreakdown(p, from, to, "buy", "plan", 2, Expected.of(all, "buy", "plan", 2));
        assertBreakdown(p, from, to, "buy", "plan", 10, Expected.of(all, "buy", "plan", 10));
        assertTrue(rollups.deriveFinishedDays(Instant.now()) >= 1);
        long secondDayBuys = all.stream().filter(e -> e.event().equals("buy") && !e.time().isBefore(second)
                && e.time().isBefore(second.plus(1, ChronoUnit.DAYS))).count();
        assertEquals(secondDayBuys, scalar("SELECT count FROM analytics.event_property_days WHERE project_id = ? "
                + "AND event = 'buy' AND day = '" + second + "'", p));
        assertBreakdown(p, from, to, "buy", "plan", 10, Expected.of(all, "buy", "plan", 10));
    }

    @Test
    void cappedPropertiesAndValuesAreReadFromRawEvents() throws SQLException {
        TestProject p = TestProjects.create();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);
        List<Event> events = new ArrayList<>();
        // 291 values of sku: more than the 256 kept per property.
        for (int k = 0; k < 300; k++) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("sku", k < 10 ? "s0" : "s" + k);
            props.put("plan", k % 4 == 0 ? "free" : "pro");
            events.add(new Event("view", "u" + (k % 5), day.plusSeconds(k), props));
        }
        // 70 properties on one event name: p0 on every event down to p69 on one; p64..p69 are not kept.
        for (int j = 0; j < 70; j++) {
            Map<String, Object> props = new LinkedHashMap<>();
            for (int i = 0; i <= j; i++) {
                props.put("p" + i, "v" + (j % 2));
            }
            events.add(new Event("wide", "w" + (j % 3), day.plusSeconds(1000 + j), props));
        }
        send(p, events, 0);
        StoredEvents.awaitCount(db, p.id(), events.size());
        rollups.deriveFinishedDays(Instant.now());
        assertEquals(1, scalar("SELECT count(*) FROM analytics.event_property_rollups WHERE project_id = ? "
                + "AND event = 'view' AND property = 'sku' AND value IS NULL", p));
        assertEquals(1, scalar("SELECT count(*) FROM analytics.event_property_rollups WHERE project_id = ? "
                + "AND event = 'wide' AND property IS NULL", p));
        assertEquals(64, scalar("SELECT count(DISTINCT property) FROM analytics.event_property_rollups "
                + "WHERE project_id = ? AND event = 'wide'", p));

        String from = day.minus(1, ChronoUnit.DAYS).toString();
        String to = day.plus(1, ChronoUnit.DAYS).toString();
        assertBreakdown(p, from, to, "view", "sku", 1, Expected.of(events, "view", "sku", 1));
        assertBreakdown(p, from, to, "view", "sku", 100, Expected.of(events, "view", "sku", 100));
        assertBreakdown(p, from, to, "view", "plan", 5, Expected.of(events, "view", "plan", 5));
        assertBreakdown(p, from, to, "wide", "p66", 5, Expected.of(events, "wide", "p66", 5));
        assertBreakdown(p, from, to, "wide", "p63", 5, Expected.of(events, "wide", "p63", 5));
        assertBreakdown(p, from, to, "wide", "p0", 5, Expected.of(events, "wide", "p0", 5));
    }

    private static void assertBreakdown(TestProject p, String from, String to, String event, String property,
            int limit, Expected expected) {
        JsonPath answer = given().auth().oauth2(Tokens.forAccount(p.owner()))
                .queryParam("from", from).queryParam("to", to).queryParam("event", event)
                .queryParam("property", property).queryParam("limit", limit)
                .when().get("/v1/projects/{id}/breakdown", p.id())
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        String what = event + " by " + property + " from " + from;
        List<Object> values = answer.getList("values.value");
        assertEquals(expected.values().size(), values.size(), what);
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            assertEquals(expected.values().get(i), v instanceof String ? "\"" + v + "\"" : v.toString(), what);
            assertEquals((int) expected.counts().get(i), answer.getInt("values[" + i + "].count"), what);
            // Fewer than ten users per value: the sketch's estimate is exact at that size.
            assertEquals((int) expected.uniques().get(i), answer.getInt("values[" + i + "].uniques"), what);
        }
        assertEquals(expected.other(), answer.getLong("other"), what);
        assertEquals(expected.missing(), answer.getLong("missing"), what);
    }

    private void send(TestProject p, List<Event> events, int firstInsertId) {
        String auth = "Basic "
                + Base64.getEncoder().encodeToString((p.secret() + ":").getBytes(StandardCharsets.UTF_8));
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < events.size(); i++) {
            body.append(i == 0 ? "" : ",").append(events.get(i).json("r" + (firstInsertId + i)));
        }
        given().header("Authorization", auth).contentType(ContentType.JSON).body(body.append("]").toString())
                .when().post("/import?strict=0")
                .then().statusCode(200);
    }

    private long scalar(String sql, TestProject p) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, p.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long update(String sql, TestProject p, Instant from, Instant to) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, p.id());
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            return ps.executeUpdate();
        }
    }
}
