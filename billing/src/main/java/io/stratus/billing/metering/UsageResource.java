package io.stratus.billing.metering;

import io.quarkus.security.Authenticated;
import io.stratus.billing.BillingAccess;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Usage ingestion from internal services (billing:write), idempotent by event id. */
@Path("/internal/billing/usage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsageResource {
    private final UsageService usage;
    private final BillingAccess access;

    UsageResource(UsageService usage, BillingAccess access) {
        this.usage = usage;
        this.access = access;
    }

    @POST
    public UsageService.Ingested ingest(@Valid @NotNull IngestUsageRequest request) {
        access.requireWrite();
        return usage.ingest(request.events());
    }
}
