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
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Counts of one event broken down by the values of one property (spec §6 {@code /breakdown}): the top
 * {@code limit} values, the rest summed as {@code other}, events without the property as {@code missing}. Exact.
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
            + "rest as other, events without it as missing. Exact, from raw events. Accept: text/csv for CSV "
            + "(kind = value, other or missing).")
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
        String filtered = "SELECT properties -> ? AS v, distinct_id FROM analytics.events "
                + "WHERE project_id = ? AND event = ? AND time >= ? AND time < ?"
                + (whereJson != null ? " AND properties @> ?::jsonb" : "");
        List<Value> values = new ArrayList<>();
        long[] totals = new long[2];
        // One scan: per-value groups, with the events that have the property and those that lack it summed over
        // all groups before the LIMIT (the missing group sorts last).
        transactions.run(c -> {
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
        });
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
