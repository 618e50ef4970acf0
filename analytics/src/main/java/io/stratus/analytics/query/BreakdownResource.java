package io.stratus.analytics.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.stratus.analytics.pipeline.Json;
import io.stratus.analytics.project.ProjectService;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import io.stratus.analytics.pipeline.Rollups;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Counts of one event broken down by the values of one property (spec §6 {@code /breakdown}): the top
 * {@code limit} values, the rest summed as {@code other}, events without the property as {@code missing}. Counts
 * are exact. Finished UTC days are read from the breakdown rollups ({@link PropertyRollups}) when they are current,
 * the rest of the range from raw events; uniques are then merged UltraLogLog estimates (about 1.7% standard error).
 */
@Path("/v1/projects/{id}/breakdown")
@Authenticated
@Produces({MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV})
public class BreakdownResource {
    /** One property value (any JSON value) with its events and distinct users. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Value(JsonNode value, long count, long uniques) {
    }

    public record BreakdownResponse(List<Value> values, long other, long missing) implements CsvTable {
        @Override
        public List<String> csvHeader() {
            return List.of("kind", "value", "count", "uniques");
        }

        @Override
        public List<List<Object>> csvRows() {
            List<List<Object>> rows = new ArrayList<>();
            for (Value v : values) {
                rows.add(Arrays.asList("value", v.value(), v.count(), v.uniques()));
            }
            rows.add(Arrays.asList("other", null, other, null));
            rows.add(Arrays.asList("missing", null, missing, null));
            return rows;
        }
    }

    /** 4,096 sketches of 2 KiB: 8 MiB of heap at most per breakdown. */
    static final int MAX_MERGED_VALUES = 4096;

    private final ProjectService projects;
    private final Caller caller;
    private final QueryTransactions transactions;

    BreakdownResource(ProjectService projects, Caller caller, QueryTransactions transactions) {
        this.projects = projects;
        this.caller = caller;
        this.transactions = transactions;
    }

    @GET
    @Operation(summary = "Breakdown by a property", description = "Events of one event name in [from, to) by the "
            + "value of one property: the top limit (1-100, default 10) values with count and unique users, the "
            + "rest as other, events without it as missing. Counts are exact. Whole finished UTC days are read from "
            + "rollups derived in the background and the rest from raw events: when any day came from the rollups, "
            + "uniques are UltraLogLog estimates (standard error about 1.7%, 99.7% within 5.2%); a where filter "
            + "reads raw events only, with exact uniques. Accept: text/csv for CSV (kind = value, other or missing).")
    @APIResponse(responseCode = "200", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BreakdownResponse.class)),
        @Content(mediaType = CsvWriter.TEXT_CSV)})
    @APIResponse(responseCode = "422", description = "Bad parameters")
    @APIResponse(responseCode = "503", description = "The query exceeded the statement timeout")
    public BreakdownResponse breakdown(@PathParam("id") UUID projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("event") String event, @QueryParam("property") String property,
            @QueryParam("limit") Integer limit, @QueryParam("where") String where) {
        projects.visible(caller, projectId, true);
        Instant fromTime = EventStatsResource.instant("from", from);
        Instant toTime = EventStatsResource.instant("to", to);
        EventStatsResource.checkRange(fromTime, toTime);
        if (event == null || event.isBlank()) {
            throw ApiException.invalid("event is required.");
        }
        if (property == null || property.isBlank()) {
            throw ApiException.invalid("property is required.");
        }
        int max = limit == null ? 10 : limit;
        if (max < 1 || max > 100) {
            throw ApiException.invalid("limit must be 1-100.");
        }
        String whereJson = EventStatsResource.whereJson(where);
        Instant firstDay = fromTime.truncatedTo(ChronoUnit.DAYS);
        if (firstDay.isBefore(fromTime)) {
            firstDay = firstDay.plus(1, ChronoUnit.DAYS);
        }
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Instant endDay = toTime.truncatedTo(ChronoUnit.DAYS);
        if (endDay.isAfter(today)) {
            endDay = today;
        }
        BreakdownResponse[] answer = new BreakdownResponse[1];
        Instant derivedFrom = firstDay;
        Instant derivedTo = endDay;
        transactions.runWithWorkMem(c -> {
            // A filter needs each event's other properties: only raw events have them.
            Derived derived = whereJson == null && derivedFrom.isBefore(derivedTo)
                    ? derived(c, projectId, event, property, derivedFrom, derivedTo) : null;
            BreakdownResponse merged = derived == null || derived.days().isEmpty() ? null
                    : merged(c, projectId, event, property, fromTime, toTime, derived, max);
            answer[0] = merged != null ? merged
                    : exact(c, projectId, event, property, fromTime, toTime, whereJson, max);
        });
        return answer[0];
    }

    /** Events and a sketch of their users, for one value. */
    private static final class Tally {
        long count;
        final UltraLogLog users = Rollups.emptySketch();

        /** The tally of {@code value}, added if new; null when a new one would pass {@link #MAX_MERGED_VALUES}. */
        static Tally of(Map<String, Tally> values, String value) {
            Tally tally = values.get(value);
            if (tally == null && values.size() < MAX_MERGED_VALUES) {
                tally = new Tally();
                values.put(value, tally);
            }
            return tally;
        }

        void merge(long otherCount, UltraLogLog otherUsers) {
            count += otherCount;
            users.add(otherUsers);
        }

        void add(long events, String distinctId) {
            count += events;
            if (distinctId != null) {
                users.add(Rollups.hash(distinctId));
            }
        }

        long count() {
            return count;
        }

        UltraLogLog users() {
            return users;
        }
    }

    /** The derived days usable for this property, with their values summed; the rest is read raw. */
    private record Derived(Set<Instant> days, Map<String, Tally> values, long missing) {
    }

    /**
     * Reads the breakdown rollups of the finished days in [from, to): a day counts only if its derived total still
     * equals the writer's day rollup (else late events made it stale) and the property was not capped that day.
     */
    private static Derived derived(Connection c, UUID projectId, String event, String property, Instant from,
            Instant to) throws SQLException {
        Map<Instant, Long> totals = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT d.day, d.count FROM analytics.event_property_days d
                JOIN analytics.event_rollups r ON r.project_id = d.project_id AND r.unit = 'day' AND r.event = d.event
                    AND r.bucket = d.day AND r.count = d.count
                WHERE d.project_id = ? AND d.event = ? AND d.day >= ? AND d.day < ?""")) {
            ps.setObject(1, projectId);
            ps.setString(2, event);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    totals.put(rs.getTimestamp(1).toInstant(), rs.getLong(2));
                }
            }
        }
        if (totals.isEmpty()) {
            return null;
        }
        // Day by day, so one day's rows are in memory at once; the merged values are bounded like merged()'s.
        Set<Instant> days = new HashSet<>();
        Map<String, Tally> values = new HashMap<>();
        long[] missing = {0};
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT day, property, value, count, users FROM analytics.event_property_rollups
                WHERE project_id = ? AND event = ? AND (property = ? OR property IS NULL)
                    AND day >= ? AND day < ? ORDER BY day""")) {
            ps.setObject(1, projectId);
            ps.setString(2, event);
            ps.setString(3, property);
            ps.setTimestamp(4, Timestamp.from(from));
            ps.setTimestamp(5, Timestamp.from(to));
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                DayRows day = null;
                while (rs.next()) {
                    Instant at = rs.getTimestamp(1).toInstant();
                    if (day == null || !day.day.equals(at)) {
                        if (day != null && !day.addTo(totals, days, values, missing)) {
                            return null;
                        }
                        day = new DayRows(at);
                    }
                    if (rs.getString(2) == null) {
                        day.propertiesCapped = true;
                    } else if (rs.getString(3) == null) {
                        day.valuesCapped = true;
                    } else {
                        day.values.put(rs.getString(3), new Stored(rs.getLong(4), rs.getBytes(5)));
                    }
                }
                if (day != null && !day.addTo(totals, days, values, missing)) {
                    return null;
                }
            }
        }
        // Derived days with no row at all: the event never had the property (and the day was not capped).
        for (Map.Entry<Instant, Long> total : totals.entrySet()) {
            if (days.add(total.getKey())) {
                missing[0] += total.getValue();
            }
        }
        return new Derived(days, values, missing[0]);
    }

    /** One stored value row: its events and sketch. */
    private record Stored(long count, byte[] users) {
    }

    /** One derived day's rows for the property, as read. */
    private static final class DayRows {
        final Instant day;
        final Map<String, Stored> values = new HashMap<>();
        boolean propertiesCapped;
        boolean valuesCapped;

        DayRows(Instant day) {
            this.day = day;
        }

        /**
         * Adds a current day to the merge and to {@code days}. A stale day, one with too many values, or one with
         * only the row saying it had too many properties (this one may be among those dropped) is instead removed
         * from {@code totals}, so it is read raw. False when the merged values outgrow MAX_MERGED_VALUES.
         */
        boolean addTo(Map<Instant, Long> totals, Set<Instant> days, Map<String, Tally> merged, long[] missing) {
            Long total = totals.get(day);
            if (total == null || valuesCapped || values.isEmpty() && propertiesCapped) {
                totals.remove(day);
                return true;
            }
            days.add(day);
            long withProperty = 0;
            for (Map.Entry<String, Stored> v : values.entrySet()) {
                Tally tally = Tally.of(merged, v.getKey());
                if (tally == null) {
                    return false;
                }
                tally.merge(v.getValue().count(), Rollups.sketch(v.getValue().users()));
                withProperty += v.getValue().count();
            }
            missing[0] += total - withProperty;
            return true;
        }
    }

    /**
     * Derived days plus the raw events of the rest of [from, to), merged per value; uniques from the sketches. Null
     * when the values outgrow {@link #MAX_MERGED_VALUES}: each holds a 2 KiB sketch, and the exact query needs none.
     */
    private static BreakdownResponse merged(Connection c, UUID projectId, String event, String property,
            Instant from, Instant to, Derived derived, int max) throws SQLException {
        List<Instant[]> raw = new ArrayList<>();
        Instant start = from;
        List<Instant> days = derived.days().stream().sorted().toList();
        for (Instant day : days) {
            if (start.isBefore(day)) {
                raw.add(new Instant[] {start, day});
            }
            start = day.plus(1, ChronoUnit.DAYS);
        }
        if (start.isBefore(to)) {
            raw.add(new Instant[] {start, to});
        }
        Map<String, Tally> values = derived.values();
        long missing = derived.missing();
        if (!raw.isEmpty()) {
            StringBuilder ranges = new StringBuilder();
            for (int i = 0; i < raw.size(); i++) {
                ranges.append(i == 0 ? "" : " OR ").append("(time >= ? AND time < ?)");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT (properties -> ?)::text, distinct_id, count(*) "
                    + "FROM analytics.events WHERE project_id = ? AND event = ? AND (" + ranges + ") GROUP BY 1, 2")) {
                int i = 1;
                ps.setString(i++, property);
                ps.setObject(i++, projectId);
                ps.setString(i++, event);
                for (Instant[] range : raw) {
                    ps.setTimestamp(i++, Timestamp.from(range[0]));
                    ps.setTimestamp(i++, Timestamp.from(range[1]));
                }
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String value = rs.getString(1);
                        long n = rs.getLong(3);
                        if (value == null) {
                            missing += n;
                            continue;
                        }
                        Tally tally = Tally.of(values, value);
                        if (tally == null) {
                            return null;
                        }
                        tally.add(n, rs.getString(2));
                    }
                }
            }
        }
        List<Map.Entry<String, Tally>> sorted = values.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Tally> e) -> -e.getValue().count())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        List<Value> top = new ArrayList<>();
        long other = 0;
        for (Map.Entry<String, Tally> e : sorted) {
            if (top.size() < max) {
                top.add(new Value(parse(e.getKey()), e.getValue().count(), Rollups.estimate(e.getValue().users())));
            } else {
                other += e.getValue().count();
            }
        }
        return new BreakdownResponse(top, other, missing);
    }

    /** Exact, from raw events only, in one scan. */
    private static BreakdownResponse exact(Connection c, UUID projectId, String event, String property,
            Instant fromTime, Instant toTime, String whereJson, int max) throws SQLException {
        String filtered = "SELECT properties -> ? AS v, distinct_id FROM analytics.events "
                + "WHERE project_id = ? AND event = ? AND time >= ? AND time < ?"
                + (whereJson != null ? " AND properties @> ?::jsonb" : "");
        List<Value> values = new ArrayList<>();
        long[] totals = new long[2];
        // Per-value groups, with the events that have the property and those that lack it summed over all groups
        // before the LIMIT (the missing group sorts last).
        try (PreparedStatement ps = c.prepareStatement("WITH e AS (" + filtered + "), "
                + "g AS (SELECT v, count(*) AS n, count(DISTINCT distinct_id) AS u FROM e GROUP BY v) "
                + "SELECT v::text, n, u, coalesce(sum(n) FILTER (WHERE v IS NOT NULL) OVER (), 0), "
                + "coalesce(sum(n) FILTER (WHERE v IS NULL) OVER (), 0) FROM g "
                + "ORDER BY v IS NULL, n DESC, v::text LIMIT ?")) {
            int i = bind(ps, property, projectId, event, fromTime, toTime, whereJson);
            ps.setInt(i, max + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    totals[0] = rs.getLong(4);
                    totals[1] = rs.getLong(5);
                    String value = rs.getString(1);
                    if (value != null && values.size() < max) {
                        values.add(new Value(parse(value), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
        }
        long top = values.stream().mapToLong(Value::count).sum();
        return new BreakdownResponse(values, totals[0] - top, totals[1]);
    }

    private static int bind(PreparedStatement ps, String property, UUID projectId, String event, Instant from,
            Instant to, String whereJson) throws SQLException {
        int i = 1;
        ps.setString(i++, property);
        ps.setObject(i++, projectId);
        ps.setString(i++, event);
        ps.setTimestamp(i++, Timestamp.from(from));
        ps.setTimestamp(i++, Timestamp.from(to));
        if (whereJson != null) {
            ps.setString(i++, whereJson);
        }
        return i;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("Stored property is not JSON", e);
        }
    }
}
