package io.stratus.analytics.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.security.Authenticated;
import io.stratus.analytics.project.ProjectService;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Retention cohorts (spec §6 {@code /retention}), exact, from raw events: a user's cohort is the UTC day or week
 * (weeks start on Monday) of their first {@code start_event} in [from, to); they count as returning in period k
 * if they did {@code return_event} at least once during the k-th calendar period after their cohort's.
 */
@Path("/v1/projects/{id}/retention")
@Authenticated
@Produces({MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV})
public class RetentionResource {
    static final int MAX_PERIODS = 90;
    static final int MAX_CELLS = 1000;

    /** One cohort: its period start, its users, and per period 1..N the users who returned then. */
    public record Cohort(Instant cohort, long users, List<Long> returned) {
    }

    public record RetentionResponse(String period, int periods, @JsonProperty("start_event") String startEvent,
            @JsonProperty("return_event") String returnEvent, List<Cohort> cohorts) implements CsvTable {
        @Override
        public List<String> csvHeader() {
            List<String> header = new ArrayList<>(List.of("cohort", "users"));
            for (int k = 1; k <= periods; k++) {
                header.add(period + "_" + k);
            }
            return header;
        }

        @Override
        public List<List<Object>> csvRows() {
            List<List<Object>> rows = new ArrayList<>();
            for (Cohort c : cohorts) {
                List<Object> row = new ArrayList<>(List.of(c.cohort(), c.users()));
                row.addAll(c.returned());
                rows.add(row);
            }
            return rows;
        }
    }

    private final ProjectService projects;
    private final Caller caller;
    private final QueryTransactions transactions;

    RetentionResource(ProjectService projects, Caller caller, QueryTransactions transactions) {
        this.projects = projects;
        this.caller = caller;
        this.transactions = transactions;
    }

    @GET
    @Operation(summary = "Retention cohorts", description = "Cohorts by the UTC day or week (Monday) of each user's "
            + "first start_event in [from, to), zero-filled from from's period to to's; returned[k-1] counts the "
            + "cohort's users who did return_event during the k-th period after the cohort's own. Exact. "
            + "Accept: text/csv for one row per cohort.")
    @APIResponse(responseCode = "200", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetentionResponse.class)),
        @Content(mediaType = CsvWriter.TEXT_CSV)})
    @APIResponse(responseCode = "422", description = "Bad parameters, or more than 1000 cohort cells")
    @APIResponse(responseCode = "503", description = "The query exceeded the statement timeout")
    public RetentionResponse retention(@PathParam("id") UUID projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("start_event") String startEvent,
            @QueryParam("return_event") String returnEvent,
            @Parameter(description = "day (default) or week") @QueryParam("period") String period,
            @Parameter(description = "periods after the cohort's, 1-90; default 7 (day) or 8 (week)")
            @QueryParam("periods") Integer periods) {
        projects.visible(caller, projectId, true);
        Instant fromTime = EventStatsResource.instant("from", from);
        Instant toTime = EventStatsResource.instant("to", to);
        EventStatsResource.checkRange(fromTime, toTime);
        if (startEvent == null || startEvent.isBlank()) {
            throw ApiException.invalid("start_event is required.");
        }
        String back = returnEvent == null || returnEvent.isBlank() ? startEvent : returnEvent;
        String unit = period == null ? "day" : period;
        if (!unit.equals("day") && !unit.equals("week")) {
            throw ApiException.invalid("period must be day or week.");
        }
        int n = periods == null ? (unit.equals("day") ? 7 : 8) : periods;
        if (n < 1 || n > MAX_PERIODS) {
            throw ApiException.invalid("periods must be 1-" + MAX_PERIODS + ".");
        }
        Duration step = unit.equals("day") ? Duration.ofDays(1) : Duration.ofDays(7);
        Instant first = periodStart(fromTime, unit);
        long cohorts = (Duration.between(first, toTime).toMillis() + step.toMillis() - 1) / step.toMillis();
        if (cohorts * (n + 1) > MAX_CELLS) {
            throw ApiException.invalid("The answer would hold " + cohorts + " cohorts x " + (n + 1)
                    + " cells; at most " + MAX_CELLS + ".");
        }
        Instant returnsUntil = periodStart(toTime.minusMillis(1), unit).plus(step.multipliedBy(n + 1));
        Map<Instant, long[]> table = new LinkedHashMap<>();
        for (Instant t = first; t.isBefore(toTime); t = t.plus(step)) {
            table.put(t, new long[n + 1]);
        }
        // Periods as integers (UTC days since the epoch, or Monday weeks: the epoch was a Thursday, hence +3), so
        // the cohort of each user and each return's distance from it are integer arithmetic, grouped once; with
        // work_mem raised the hash aggregates over all users stay in memory (bench/analytics-query).
        String periodIndex = unit.equals("day") ? "floor(date_part('epoch', time) / 86400)::int"
                : "floor((date_part('epoch', time) / 86400 + 3) / 7)::int";
        String sql = """
                WITH cohorts AS (
                    SELECT distinct_id, min(%1$s) AS c FROM analytics.events
                    WHERE project_id = ? AND event = ? AND time >= ? AND time < ? AND distinct_id IS NOT NULL
                    GROUP BY distinct_id),
                returns AS (
                    SELECT DISTINCT distinct_id, %1$s AS p FROM analytics.events
                    WHERE project_id = ? AND event = ? AND time >= ? AND time < ? AND distinct_id IS NOT NULL)
                SELECT c, 0 AS k, count(*) FROM cohorts GROUP BY c
                UNION ALL
                SELECT f.c, r.p - f.c AS k, count(*) FROM cohorts f JOIN returns r USING (distinct_id)
                WHERE r.p > f.c AND r.p - f.c <= ?
                GROUP BY 1, 2""".formatted(periodIndex);
        transactions.runWithWorkMem(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setObject(i++, projectId);
                ps.setString(i++, startEvent);
                ps.setTimestamp(i++, Timestamp.from(fromTime));
                ps.setTimestamp(i++, Timestamp.from(toTime));
                ps.setObject(i++, projectId);
                ps.setString(i++, back);
                ps.setTimestamp(i++, Timestamp.from(first.plus(step)));
                ps.setTimestamp(i++, Timestamp.from(returnsUntil));
                ps.setInt(i, n);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] row = table.get(periodInstant(rs.getInt(1), unit));
                        int k = rs.getInt(2);
                        if (row != null && k <= n) {
                            row[k] = rs.getLong(3);
                        }
                    }
                }
            }
        });
        List<Cohort> result = new ArrayList<>();
        table.forEach((t, row) -> {
            List<Long> returned = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                returned.add(row[k]);
            }
            result.add(new Cohort(t, row[0], returned));
        });
        return new RetentionResponse(unit, n, startEvent, back, result);
    }

    /** The start of period {@code index} as the SQL above numbers them. */
    static Instant periodInstant(int index, String unit) {
        long epochDay = unit.equals("day") ? index : index * 7L - 3;
        return Instant.ofEpochSecond(epochDay * 86_400L);
    }

    static Instant periodStart(Instant t, String unit) {
        Instant day = t.truncatedTo(ChronoUnit.DAYS);
        if (unit.equals("day")) {
            return day;
        }
        return day.atOffset(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
    }
}
