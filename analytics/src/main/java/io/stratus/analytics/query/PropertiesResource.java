package io.stratus.analytics.query;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Top-level property keys seen in a project's events (spec §6 {@code /properties}), for pickers. Reads at most the
 * newest {@value #SAMPLE} matching events: when more match, counts are over that sample and say {@code sampled}.
 */
@Path("/v1/projects/{id}/properties")
@Authenticated
@Produces({MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV})
public class PropertiesResource {
    static final int SAMPLE = 100_000;

    /** A property key and in how many (sampled) events it appears. */
    public record PropertyCount(String property, long count, boolean sampled) {
    }

    private final ProjectService projects;
    private final Caller caller;
    private final QueryTransactions transactions;

    PropertiesResource(ProjectService projects, Caller caller, QueryTransactions transactions) {
        this.projects = projects;
        this.caller = caller;
        this.transactions = transactions;
    }

    @GET
    @Operation(summary = "Property keys", description = "Top-level property keys by the number of events that have "
            + "them, most first. Exact unless more than 100,000 events match: then counted over the newest "
            + "100,000 and sampled=true. Accept: text/csv for CSV.")
    @APIResponse(responseCode = "200", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON,
                schema = @Schema(type = SchemaType.ARRAY, implementation = PropertyCount.class)),
        @Content(mediaType = CsvWriter.TEXT_CSV)})
    @APIResponse(responseCode = "422", description = "Bad parameters")
    public List<PropertyCount> properties(@PathParam("id") UUID projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @Parameter(description = "only this event's properties")
            @QueryParam("event") String event, @Parameter(description = "1-1000, default 100")
            @QueryParam("limit") Integer limit) {
        projects.visible(caller, projectId, true);
        Instant fromTime = EventStatsResource.instant("from", from);
        Instant toTime = EventStatsResource.instant("to", to);
        EventStatsResource.checkRange(fromTime, toTime);
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1000) {
            throw ApiException.invalid("limit must be 1-1000.");
        }
        String sql = "WITH e AS (SELECT properties FROM analytics.events WHERE project_id = ? AND time >= ? "
                + "AND time < ?" + (event != null ? " AND event = ?" : "") + " ORDER BY time DESC LIMIT ?) "
                + "SELECT k, count(*), (SELECT count(*) FROM e) FROM e, jsonb_object_keys(e.properties) AS k "
                + "GROUP BY k ORDER BY count(*) DESC, k LIMIT ?";
        List<PropertyCount> keys = new ArrayList<>();
        transactions.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setObject(i++, projectId);
                ps.setTimestamp(i++, Timestamp.from(fromTime));
                ps.setTimestamp(i++, Timestamp.from(toTime));
                if (event != null) {
                    ps.setString(i++, event);
                }
                // One more than the sample: reading it tells whether the sample cut anything.
                ps.setInt(i++, SAMPLE + 1);
                ps.setInt(i, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new PropertyCount(rs.getString(1), rs.getLong(2), rs.getLong(3) > SAMPLE));
                    }
                }
            }
        });
        return keys;
    }
}
