package io.stratus.analytics.query;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Ordered funnels of 2-5 steps (spec §6 {@code /funnel}), computed exactly from raw events, streamed a user at a
 * time into {@link Funnels}.
 */
@Path("/v1/projects/{id}/funnel")
@Authenticated
@Produces({MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV})
public class FunnelResource {
    static final Duration MAX_WINDOW = Duration.ofDays(90);

    /** One step: users who reached it, conversion from the previous step and from step 1, median time to it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Step(String event, long users, @JsonProperty("from_previous") double fromPrevious,
            @JsonProperty("from_start") double fromStart,
            @JsonProperty("median_ms_from_previous") Long medianMillisFromPrevious) {
    }

    public record FunnelResponse(List<Step> steps, String window) implements CsvTable {
        @Override
        public List<String> csvHeader() {
            return List.of("step", "event", "users", "from_previous", "from_start", "median_ms_from_previous");
        }

        @Override
        public List<List<Object>> csvRows() {
            List<List<Object>> rows = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                rows.add(Arrays.asList(i + 1, s.event(), s.users(), s.fromPrevious(), s.fromStart(),
                        s.medianMillisFromPrevious()));
            }
            return rows;
        }
    }

    private final ProjectService projects;
    private final Caller caller;
    private final QueryTransactions transactions;

    FunnelResource(ProjectService projects, Caller caller, QueryTransactions transactions) {
        this.projects = projects;
        this.caller = caller;
        this.transactions = transactions;
    }

    @GET
    @Operation(summary = "Funnel", description = "Users who did step 1 in [from, to) and then steps 2..k in order "
            + "within the window of their step-1 event (ties allowed, best attempt per user). Exact. "
            + "from_previous and from_start are fractions (0-1); median_ms_from_previous is the median time in ms "
            + "between the previous step and this one over the users who reached it. Accept: text/csv for CSV.")
    @APIResponse(responseCode = "200", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunnelResponse.class)),
        @Content(mediaType = CsvWriter.TEXT_CSV)})
    @APIResponse(responseCode = "422", description = "Bad parameters")
    @APIResponse(responseCode = "503", description = "The query exceeded the statement timeout")
    public FunnelResponse funnel(@PathParam("id") UUID projectId, @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Parameter(description = "2-5 event names, in order") @QueryParam("step") List<String> steps,
            @Parameter(description = "ISO-8601 duration, at most P90D; default P7D") @QueryParam("window")
            String window, @QueryParam("where") String where) {
        projects.visible(caller, projectId, true);
        Instant fromTime = EventStatsResource.instant("from", from);
        Instant toTime = EventStatsResource.instant("to", to);
        EventStatsResource.checkRange(fromTime, toTime);
        if (steps == null || steps.size() < 2 || steps.size() > 5) {
            throw ApiException.invalid("Give 2-5 step parameters (event names, in order).");
        }
        for (String step : steps) {
            if (step == null || step.isBlank() || step.length() > 255) {
                throw ApiException.invalid("Each step is an event name of 1-255 characters.");
            }
        }
        Duration windowLength = window(window);
        String whereJson = EventStatsResource.whereJson(where);
        Funnels funnel = new Funnels(steps, fromTime.toEpochMilli(), toTime.toEpochMilli(), windowLength.toMillis());
        // An index-only scan per step name and day partition, sorted on an int4 hash of distinct_id rather than the
        // text itself (bench/analytics-query, 560k rows: 1.1 s instead of 1.7 s at load 13; the text sort spilled
        // to disk with the default work_mem and took 4.1 s). Rows then stream to Funnels one user at a time; users
        // that share a hash arrive interleaved in one run and are told apart there.
        List<String> names = steps.stream().distinct().toList();
        String one = "SELECT distinct_id, event, time FROM analytics.events WHERE project_id = ? AND event = ? "
                + "AND time >= ? AND time < ? AND distinct_id IS NOT NULL"
                + (whereJson != null ? " AND properties @> ?::jsonb" : "");
        String sql = "SELECT hashtext(distinct_id), distinct_id, event, (date_part('epoch', time) * 1000)::int8 "
                + "FROM (" + String.join(" UNION ALL ", Collections.nCopies(names.size(), one)) + ") s "
                + "ORDER BY 1";
        transactions.runWithWorkMem(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String name : names) {
                    ps.setObject(i++, projectId);
                    ps.setString(i++, name);
                    ps.setObject(i++, Timestamp.from(fromTime));
                    ps.setObject(i++, Timestamp.from(toTime.plus(windowLength)));
                    if (whereJson != null) {
                        ps.setString(i++, whereJson);
                    }
                }
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    Map<String, UserRows> run = new HashMap<>();
                    int hash = 0;
                    while (rs.next()) {
                        int next = rs.getInt(1);
                        if (next != hash) {
                            run.values().forEach(u -> u.feed(funnel));
                            run.clear();
                            hash = next;
                        }
                        run.computeIfAbsent(rs.getString(2), k -> new UserRows()).add(rs.getString(3), rs.getLong(4));
                    }
                    run.values().forEach(u -> u.feed(funnel));
                }
            }
        });
        List<Step> result = new ArrayList<>();
        long start = funnel.users(0);
        for (int k = 0; k < steps.size(); k++) {
            long reached = funnel.users(k);
            long previous = k == 0 ? start : funnel.users(k - 1);
            result.add(new Step(steps.get(k), reached, ratio(reached, previous), ratio(reached, start),
                    funnel.medianMillisFromPrevious(k)));
        }
        return new FunnelResponse(result, windowLength.toString());
    }

    /** One user's step events as read. */
    private static final class UserRows {
        private final List<String> events = new ArrayList<>();
        private long[] times = new long[8];

        void add(String event, long timeMillis) {
            if (events.size() == times.length) {
                times = Arrays.copyOf(times, times.length * 2);
            }
            times[events.size()] = timeMillis;
            events.add(event);
        }

        void feed(Funnels funnel) {
            funnel.user(events, Arrays.copyOf(times, events.size()));
        }
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    static Duration window(String window) {
        if (window == null || window.isBlank()) {
            return Duration.ofDays(7);
        }
        Duration length;
        try {
            length = Duration.parse(window);
        } catch (DateTimeParseException e) {
            try {
                Period period = Period.parse(window);
                if (period.getYears() != 0 || period.getMonths() != 0) {
                    throw ApiException.invalid("window takes days or weeks (P7D, P2W), not months or years.");
                }
                length = Duration.ofDays(period.getDays());
            } catch (DateTimeParseException e2) {
                throw ApiException.invalid("window must be an ISO-8601 duration such as P7D or PT12H.");
            }
        }
        if (length.isNegative() || length.isZero() || length.compareTo(MAX_WINDOW) > 0) {
            throw ApiException.invalid("window must be positive and at most P90D.");
        }
        return length;
    }
}
