package io.stratus.billing.audit;

import io.quarkus.security.Authenticated;
import io.stratus.billing.BillingAccess;
import io.stratus.common.error.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Audit runs of a month (spec/billing.md "Audit"): service tokens with {@code billing:read}. */
@Path("/internal/billing/audit-runs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    static final String JSON_LINES = "application/x-ndjson";

    private final AuditService audits;
    private final BillingAccess access;

    AuditResource(AuditService audits, BillingAccess access) {
        this.audits = audits;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@Valid @NotNull StartAuditRequest request) {
        access.requireRead();
        AuditRunResponse run = audits.start(request);
        return Response.accepted(run).location(URI.create("/internal/billing/audit-runs/" + run.id())).build();
    }

    @GET
    @Path("/{id}")
    public AuditRunResponse status(@PathParam("id") String id) {
        access.requireRead();
        return audits.status(uuid(id));
    }

    @POST
    @Path("/{id}/stop")
    public Response stop(@PathParam("id") String id) {
        access.requireRead();
        return Response.accepted(audits.stop(uuid(id))).build();
    }

    @POST
    @Path("/{id}/resume")
    public Response resume(@PathParam("id") String id) {
        access.requireRead();
        return Response.accepted(audits.resume(uuid(id))).build();
    }

    /** The report: one JSON object per discrepancy, in the order found. */
    @GET
    @Path("/{id}/report")
    @Produces({JSON_LINES, MediaType.APPLICATION_JSON})
    public Response report(@PathParam("id") String id) {
        access.requireRead();
        UUID run = uuid(id);
        audits.find(run);
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            audits.report(run, writer);
            writer.flush();
        };
        return Response.ok(body, JSON_LINES).build();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("No audit run " + id + ".");
        }
    }
}
