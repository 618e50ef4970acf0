package io.stratus.analytics.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Retention cohorts against a count made here from the generated list, by day and by week. */
@QuarkusTest
class RetentionResourceTest {
    private static final long DAY = 86_400_000L;

    @Inject
    AgroalDataSource db;

    static long periodStart(long time, String period) {
        Instant day = Instant.ofEpochMilli(time).truncatedTo(ChronoUnit.DAYS);
        if (period.equals("day")) {
            return day.toEpochMilli();
        }
        return day.atOffset(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant()
                .toEpochMilli();
    }

    /** cohort start -> [users, returned in period 1, ..., returned in period n]. */
    static Map<Long, long[]> expected(List<Generated> events, long from, long to, String period, int n) {
        long step = period.equals("day") ? DAY : 7 * DAY;
        Map<String, Long> firstSeen = new HashMap<>();
        for (Generated g : events) {
            if (g.user() != null && g.event().equals("signup") && g.time() >= from && g.time() < to) {
                firstSeen.merge(g.user(), g.time(), Math::min);
            }
        }
        Map<Long, long[]> table = new HashMap<>();
        for (long t = periodStart(from, period); t < to; t += step) {
            table.put(t, new long[n + 1]);
        }
        for (Map.Entry<String, Long> user : firstSeen.entrySet()) {
            long cohort = periodStart(user.getValue(), period);
            table.get(cohort)[0]++;
            Set<Long> returned = new HashSet<>();
            for (Generated g : events) {
                if (user.getKey().equals(g.user()) && g.event().equals("visit")) {
                    long k = Math.floorDiv(periodStart(g.time(), period) - cohort, step);
                    if (k >= 1 && k <= n) {
                        returned.add(k);
                    }
                }
            }
            for (long k : returned) {
                table.get(cohort)[(int) k]++;
            }
        }
        return table;
    }

    @Test
    void cohortsMatchAnIndependentCount() {
        TestProject p = TestProjects.create();
        long base = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(40, ChronoUnit.DAYS).toEpochMilli();
        Random random = new Random(5);
        List<Generated> events = new ArrayList<>();
        for (int u = 0; u < 50; u++) {
            int n = 1 + random.nextInt(10);
            for (int i = 0; i < n; i++) {
                // Every fifth event exactly on a day edge.
                long time = base + (i % 5 == 0 ? random.nextInt(38) * DAY : (long) (random.nextDouble() * 38 * DAY));
                events.add(new Generated(random.nextInt(3) == 0 ? "signup" : "visit", "u" + u, time, null));
            }
        }
        events.add(new Generated("signup", null, base + DAY, null));
        events.add(new Generated("visit", null, base + 2 * DAY, null));
        Generated.send(db, p, events, true);
        String token = Tokens.forAccount(p.owner());

        Object[][] cases = {{"day", 7, base + 3 * DAY + 5, base + 20 * DAY}, {"week", 4, base, base + 30 * DAY},
            {"day", 30, base + 5 * DAY, base + 6 * DAY}};
        for (Object[] c : cases) {
            String period = (String) c[0];
            int n = (Integer) c[1];
            long from = (Long) c[2];
            long to = (Long) c[3];
            JsonPath answer = given().auth().oauth2(token)
                    .queryParam("from", Instant.ofEpochMilli(from).toString())
                    .queryParam("to", Instant.ofEpochMilli(to).toString()).queryParam("start_event", "signup")
                    .queryParam("return_event", "visit").queryParam("period", period).queryParam("periods", n)
                    .when().get("/v1/projects/{id}/retention", p.id())
                    .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
            Map<Long, long[]> expected = expected(events, from, to, period, n);
            List<Map<String, Object>> cohorts = answer.getList("cohorts");
            assertEquals(expected.size(), cohorts.size(), period);
            for (Map<String, Object> cohort : cohorts) {
                long start = Instant.parse((String) cohort.get("cohort")).toEpochMilli();
                long[] row = expected.get(start);
                assertEquals(row[0], ((Number) cohort.get("users")).longValue(), period + " cohort " + start);
                List<?> returned = (List<?>) cohort.get("returned");
                assertEquals(n, returned.size());
                for (int k = 1; k <= n; k++) {
                    assertEquals(row[k], ((Number) returned.get(k - 1)).longValue(),
                            period + " cohort " + cohort.get("cohort") + " period " + k);
                }
            }
        }

        String csv = given().auth().oauth2(token).accept("text/csv")
                .queryParam("from", Instant.ofEpochMilli(base).toString())
                .queryParam("to", Instant.ofEpochMilli(base + 3 * DAY).toString()).queryParam("start_event", "signup")
                .queryParam("periods", 2)
                .when().get("/v1/projects/{id}/retention", p.id())
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("cohort,users,day_1,day_2", lines[0]);
        assertEquals(4, lines.length);
    }

    @Test
    void badParametersAre422AndStrangersGet404() {
        TestProject p = TestProjects.create();
        String token = Tokens.forAccount(p.owner());
        String[][] bad = {{"signup", "day", "0"}, {"signup", "day", "91"}, {"signup", "month", "3"},
            {null, "day", "3"}, {"signup", "day", "90"}};
        for (String[] b : bad) {
            // The last: 60 cohorts x 91 cells is over the 1000-cell cap.
            given().auth().oauth2(token).queryParam("from", "2026-01-01T00:00:00Z")
                    .queryParam("to", "2026-03-02T00:00:00Z").queryParam("start_event", b[0])
                    .queryParam("period", b[1]).queryParam("periods", b[2])
                    .when().get("/v1/projects/{id}/retention", p.id())
                    .then().statusCode(422).contentType(ContentType.JSON).body("id", equalTo("invalid_params"));
        }
        given().auth().oauth2(Tokens.forAccount(TestAccount.create())).queryParam("from", "2026-01-01T00:00:00Z")
                .queryParam("to", "2026-01-08T00:00:00Z").queryParam("start_event", "signup")
                .when().get("/v1/projects/{id}/retention", p.id())
                .then().statusCode(404);
    }
}
