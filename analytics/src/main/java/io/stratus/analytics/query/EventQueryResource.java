package io.stratus.analytics.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.stratus.analytics.pipeline.Json;
import io.stratus.analytics.project.ProjectService;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists stored events of a project, newest first (spec §6 {@code /events}), so a user can see what arrived.
 * Pages with {@code Range: id ..<max id>; max=<n>}; {@code Next-Range} names the next page.
 */
@Path("/v1/projects/{id}/events")
@Authenticated
@Produces({MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV})
public class EventQueryResource {
    private static final Pattern RANGE =
            Pattern.compile("\\s*id\\s*(?:\\.\\.\\s*(\\d+)?)?\\s*(?:;\\s*max=(\\d+))?\\s*");
    private static final int DEFAULT_PAGE = 200;
    private static final int MAX_PAGE = 1000;

    private final ProjectService projects;
    private final Caller caller;
    private final QueryTransactions transactions;

    EventQueryResource(ProjectService projects, Caller caller, QueryTransactions transactions) {
        this.projects = projects;
        this.caller = caller;
        this.transactions = transactions;
    }

    @GET
    @Operation(summary = "Stored events", description = "Newest first, paged with Range: id ..<max id>; max=<n>. "
            + "Accept: text/csv for the same page as CSV (properties as JSON text).")
    @APIResponse(responseCode = "200", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventResponse[].class)),
        @Content(mediaType = CsvWriter.TEXT_CSV)})
    @APIResponse(responseCode = "206", description = "A page; Next-Range names the next one")
    @APIResponse(responseCode = "422", description = "Bad parameters")
    public Response list(@PathParam("id") UUID projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("event") String event,
            @QueryParam("distinct_id") String distinctId, @QueryParam("where") String where,
            @HeaderParam("Range") String range) {
        projects.visible(caller, projectId, true);
        Instant fromTime = instant("from", from);
        Instant toTime = instant("to", to);
        if (!fromTime.isBefore(toTime)) {
            throw ApiException.invalid("from must be before to.");
        }
        String whereJson = null;
        if (where != null && !where.isBlank()) {
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(where);
            } catch (IOException e) {
                throw ApiException.invalid("where must be a JSON object of property values.");
            }
            if (parsed == null || !parsed.isObject()) {
                throw ApiException.invalid("where must be a JSON object of property values.");
            }
            whereJson = parsed.toString();
        }
        Long beforeId = null;
        int max = DEFAULT_PAGE;
        if (range != null && !range.isBlank()) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
                throw new ApiException(416, "requested_range_not_satisfiable", "Range must read 'id ..<id>; max=<n>'.");
            }
            beforeId = m.group(1) == null ? null : Long.parseLong(m.group(1));
            max = m.group(2) == null ? DEFAULT_PAGE : Math.min(MAX_PAGE, Math.max(1, Integer.parseInt(m.group(2))));
        }
        StringBuilder sql = new StringBuilder("SELECT id, event, distinct_id, time, insert_id, properties::text, "
                + "received_at FROM analytics.events WHERE project_id = ? AND time >= ? AND time < ?");
        List<Object> args = new ArrayList<>(List.of(projectId, Timestamp.from(fromTime), Timestamp.from(toTime)));
        if (event != null) {
            sql.append(" AND event = ?");
            args.add(event);
        }
        if (distinctId != null) {
            sql.append(" AND distinct_id = ?");
            args.add(distinctId);
        }
        if (whereJson != null) {
            sql.append(" AND properties @> ?::jsonb");
            args.add(whereJson);
        }
        if (beforeId != null) {
            sql.append(" AND id <= ?");
            args.add(beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(max + 1);
        List<EventResponse> rows = query(sql.toString(), args);
        if (rows.size() > max) {
            rows = rows.subList(0, max);
            long next = rows.get(max - 1).id() - 1;
            return Response.status(206).entity(rows).header("Next-Range", "id .." + next + "; max=" + max).build();
        }
        return Response.ok(rows).build();
    }

    private List<EventResponse> query(String sql, List<Object> args) {
        List<EventResponse> rows = new ArrayList<>();
        transactions.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new EventResponse(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getTimestamp(4).toInstant(), rs.getString(5), Json.MAPPER.readTree(rs.getString(6)),
                                rs.getTimestamp(7).toInstant()));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("Stored properties are not JSON", e);
            }
        });
        return rows;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(name + " is required (ISO-8601).");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name + " must be an ISO-8601 instant such as 2026-11-24T00:00:00Z.");
        }
    }
}
