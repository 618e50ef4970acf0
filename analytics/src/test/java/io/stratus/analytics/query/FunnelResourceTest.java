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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Funnels against an exhaustive search written here: users who do the steps out of order, repeat them, tie on the
 * same millisecond, and finish just inside or outside the window.
 */
@QuarkusTest
class FunnelResourceTest {
    private static final long MINUTE = 60_000L;

    @Inject
    AgroalDataSource db;

    /** Per step k: users reaching it; gaps[k]: the best attempts' times from step k-1 to step k. */
    record Expected(long[] users, List<List<Long>> gaps) {
    }

    /**
     * Exhaustive: every start in [from, to) and every assignment of distinct rows to later steps with non-decreasing
     * times inside the window; per user the deepest attempt, ties broken by the earliest start, then by the
     * lexicographically smallest step times.
     */
    static Expected expected(List<Generated> events, List<String> steps, long from, long to, long window) {
        Map<String, List<Generated>> byUser = new HashMap<>();
        for (Generated g : events) {
            if (g.user() != null) {
                byUser.computeIfAbsent(g.user(), u -> new ArrayList<>()).add(g);
            }
        }
        long[] users = new long[steps.size()];
        List<List<Long>> gaps = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            gaps.add(new ArrayList<>());
        }
        for (List<Generated> rows : byUser.values()) {
            long[] best = null;
            long bestStart = Long.MAX_VALUE;
            for (int s = 0; s < rows.size(); s++) {
                Generated start = rows.get(s);
                if (!start.event().equals(steps.get(0)) || start.time() < from || start.time() >= to) {
                    continue;
                }
                boolean[] used = new boolean[rows.size()];
                used[s] = true;
                long[] path = search(rows, steps, 1, new long[] {start.time()}, used, start.time() + window);
                if (best == null || path.length > best.length
                        || path.length == best.length && (start.time() < bestStart
                        || start.time() == bestStart && Arrays.compare(path, best) < 0)) {
                    best = path;
                    bestStart = start.time();
                }
            }
            if (best != null) {
                for (int k = 0; k < best.length; k++) {
                    users[k]++;
                    if (k > 0) {
                        gaps.get(k).add(best[k] - best[k - 1]);
                    }
                }
            }
        }
        return new Expected(users, gaps);
    }

    private static long[] search(List<Generated> rows, List<String> steps, int k, long[] path, boolean[] used,
            long deadline) {
        if (k == steps.size()) {
            return path;
        }
        long[] best = path;
        for (int r = 0; r < rows.size(); r++) {
            Generated g = rows.get(r);
            if (used[r] || !g.event().equals(steps.get(k)) || g.time() < path[k - 1] || g.time() >= deadline) {
                continue;
            }
            used[r] = true;
            long[] next = Arrays.copyOf(path, k + 1);
            next[k] = g.time();
            long[] found = search(rows, steps, k + 1, next, used, deadline);
            used[r] = false;
            if (found.length > best.length || found.length == best.length && Arrays.compare(found, best) < 0) {
                best = found;
            }
        }
        return best;
    }

    static Long lowerMedian(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((sorted.size() - 1) / 2);
    }

    static List<Generated> dataset(long base, long seed) {
        Random random = new Random(seed);
        String[] names = {"a", "b", "c", "noise"};
        List<Generated> events = new ArrayList<>();
        for (int u = 0; u < 60; u++) {
            int n = random.nextInt(9);
            for (int i = 0; i < n; i++) {
                // Whole minutes over two days: same-millisecond ties happen.
                long time = base + random.nextInt(48 * 60) * MINUTE;
                events.add(new Generated(names[random.nextInt(4)], "u" + u, time, null));
            }
        }
        // Hand-made cases on top: a tie (b at the same ms as a), out of order (c before b), a repeat.
        events.add(new Generated("a", "tie", base + 60 * MINUTE, null));
        events.add(new Generated("b", "tie", base + 60 * MINUTE, null));
        events.add(new Generated("c", "tie", base + 61 * MINUTE, null));
        events.add(new Generated("c", "order", base + 100 * MINUTE, null));
        events.add(new Generated("b", "order", base + 101 * MINUTE, null));
        events.add(new Generated("a", "order", base + 99 * MINUTE, null));
        events.add(new Generated("a", "anon-like", base + 99 * MINUTE, null));
        events.add(new Generated("a", null, base + 99 * MINUTE, null));
        return events;
    }

    void check(TestProject p, List<Generated> events, List<String> steps, long from, long to, String window,
            long windowMillis) {
        var request = given().auth().oauth2(Tokens.forAccount(p.owner()))
                .queryParam("from", Instant.ofEpochMilli(from).toString())
                .queryParam("to", Instant.ofEpochMilli(to).toString()).queryParam("window", window);
        for (String step : steps) {
            request.queryParam("step", step);
        }
        JsonPath answer = request.when().get("/v1/projects/{id}/funnel", p.id())
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        Expected expected = expected(events, steps, from, to, windowMillis);
        for (int k = 0; k < steps.size(); k++) {
            String step = "steps[" + k + "]";
            assertEquals(steps.get(k), answer.getString(step + ".event"));
            assertEquals(expected.users()[k], answer.getLong(step + ".users"), steps + " step " + k);
            long start = expected.users()[0];
            long previous = k == 0 ? start : expected.users()[k - 1];
            assertEquals(previous == 0 ? 0 : (double) expected.users()[k] / previous,
                    answer.getDouble(step + ".from_previous"), 1e-6);
            assertEquals(start == 0 ? 0 : (double) expected.users()[k] / start,
                    answer.getDouble(step + ".from_start"), 1e-6);
            Long median = k == 0 ? null : lowerMedian(expected.gaps().get(k));
            Object actual = answer.get(step + ".median_ms_from_previous");
            assertEquals(median, actual == null ? null : ((Number) actual).longValue(), steps + " median " + k);
        }
    }

    @Test
    void funnelsMatchAnExhaustiveSearch() {
        TestProject p = TestProjects.create();
        long base = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS).toEpochMilli();
        List<Generated> events = dataset(base, 21);
        Generated.send(db, p, events, true);
        long from = base + 30 * MINUTE;
        long to = base + 30 * 60 * MINUTE;
        check(p, events, List.of("a", "b", "c"), from, to, "PT6H", 6 * 60 * MINUTE);
        check(p, events, List.of("a", "b"), base, base + 48 * 60 * MINUTE, "P1D", 24 * 60 * MINUTE);
        check(p, events, List.of("a", "a", "b", "c"), from, to, "PT12H", 12 * 60 * MINUTE);
        check(p, events, List.of("b", "a", "noise", "c", "b"), base, to, "P2D", 48 * 60 * MINUTE);
        // An empty range: every step 0 users, no medians.
        check(p, events, List.of("a", "b"), base - 48 * 60 * MINUTE, base - 24 * 60 * MINUTE, "PT1H", 60 * MINUTE);

        String csv = given().auth().oauth2(Tokens.forAccount(p.owner())).accept("text/csv")
                .queryParam("from", Instant.ofEpochMilli(from).toString())
                .queryParam("to", Instant.ofEpochMilli(to).toString()).queryParam("step", "a").queryParam("step", "b")
                .when().get("/v1/projects/{id}/funnel", p.id())
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("step,event,users,from_previous,from_start,median_ms_from_previous", lines[0]);
        assertEquals(3, lines.length);
    }

    @Test
    void badParametersAre422AndStrangersGet404() {
        TestProject p = TestProjects.create();
        String token = Tokens.forAccount(p.owner());
        String[][] bad = {
            {"a", null, "P7D"}, {"a,b,c,d,e,f", null, "P7D"}, {"a,b", null, "P91D"}, {"a,b", null, "soon"},
            {"a,b", null, "P1M"}, {"a,b", null, "PT0S"}, {"a,b", "2026-01-01", "P7D"}};
        for (String[] b : bad) {
            var request = given().auth().oauth2(token).queryParam("window", b[2])
                    .queryParam("from", b[1] != null ? b[1] : "2026-01-01T00:00:00Z")
                    .queryParam("to", "2026-01-08T00:00:00Z");
            for (String step : b[0].split(",")) {
                request.queryParam("step", step);
            }
            request.when().get("/v1/projects/{id}/funnel", p.id())
                    .then().statusCode(422).contentType(ContentType.JSON).body("id", equalTo("invalid_params"));
        }
        String[] tokens = {Tokens.forAccount(TestAccount.create()), Tokens.service("reporter", "analytics:write")};
        for (String stranger : tokens) {
            given().auth().oauth2(stranger).queryParam("from", "2026-01-01T00:00:00Z")
                    .queryParam("to", "2026-01-08T00:00:00Z").queryParam("step", "a").queryParam("step", "b")
                    .when().get("/v1/projects/{id}/funnel", p.id())
                    .then().statusCode(404).contentType(ContentType.JSON).body("id", equalTo("not_found"));
        }
        String[] allowed = {Tokens.forAdmin(TestAccount.create()), Tokens.service("reporter", "analytics:read")};
        for (String reader : allowed) {
            given().auth().oauth2(reader).queryParam("from", "2026-01-01T00:00:00Z")
                    .queryParam("to", "2026-01-08T00:00:00Z").queryParam("step", "a").queryParam("step", "b")
                    .when().get("/v1/projects/{id}/funnel", p.id())
                    .then().statusCode(200).body("steps[0].users", equalTo(0));
        }
        given().queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-01-08T00:00:00Z")
                .when().get("/v1/projects/{id}/funnel", p.id())
                .then().statusCode(401);
    }
}
