package io.stratus.billing.payment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.security.Authenticated;
import io.stratus.billing.BillingAccess;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;

/** Runs a dunning pass now, or as of a given instant (operators and tests; billing:write). */
@Path("/internal/billing/dunning-runs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DunningResource {
    private final DunningService dunning;
    private final BillingAccess access;
    private final Clock clock;

    DunningResource(DunningService dunning, BillingAccess access, Clock clock) {
        this.dunning = dunning;
        this.access = access;
        this.clock = clock;
    }

    /** When the pass runs as of; now when absent. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunDunningRequest(Instant at) {
    }

    @POST
    public DunningService.DunningResult run(RunDunningRequest request) {
        access.requireWrite();
        Instant at = request == null || request.at() == null ? clock.instant() : request.at();
        return dunning.run(at);
    }
}
