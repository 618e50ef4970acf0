package io.stratus.billing.invoice;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;
import io.stratus.billing.BillingAccess;
import io.stratus.billing.Json;
import io.stratus.billing.idempotency.IdempotencyStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.YearMonth;
import java.util.Optional;

/** Runs (finalizes) a given month for every account (billing:write, Idempotency-Key). */
@Path("/internal/billing/invoice-runs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InvoiceRunResource {
    private final InvoiceRunService runs;
    private final IdempotencyStore keys;
    private final BillingAccess access;
    private final Json json;

    InvoiceRunResource(InvoiceRunService runs, IdempotencyStore keys, BillingAccess access, Json json) {
        this.runs = runs;
        this.keys = keys;
        this.access = access;
        this.json = json;
    }

    @POST
    public Response run(@HeaderParam(IdempotencyStore.HEADER) String key, @Valid @NotNull RunInvoicesRequest request) {
        access.requireWrite();
        IdempotencyStore.requireKey(key);
        String scope = access.keyScope("invoice-runs");
        String hash = json.hash("invoice-runs", request);
        Optional<IdempotencyStore.Stored> stored = QuarkusTransaction.requiringNew()
                .call(() -> keys.begin(scope, key, hash));
        if (stored.isPresent()) {
            return Response.status(stored.get().status()).entity(stored.get().body()).build();
        }
        InvoiceRunService.RunResult result;
        try {
            result = runs.run(YearMonth.parse(request.period()));
        } catch (RuntimeException e) {
            // The run's batches are each committed; releasing the key lets the caller simply retry.
            QuarkusTransaction.requiringNew().run(() -> keys.release(scope, key));
            throw e;
        }
        String body = json.write(result);
        QuarkusTransaction.requiringNew().run(() -> keys.complete(scope, key, 200, body));
        return Response.ok(body).build();
    }
}
