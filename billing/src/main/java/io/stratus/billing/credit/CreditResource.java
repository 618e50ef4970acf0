package io.stratus.billing.credit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;
import io.stratus.billing.BillingAccess;
import io.stratus.billing.Json;
import io.stratus.billing.idempotency.IdempotencyStore;
import io.stratus.common.error.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Credit grants from internal services (billing:write, Idempotency-Key, one transaction with the key). */
@Path("/internal/billing/credits")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CreditResource {
    private final CreditService credits;
    private final IdempotencyStore keys;
    private final BillingAccess access;
    private final Json json;
    private final Clock clock;

    CreditResource(CreditService credits, IdempotencyStore keys, BillingAccess access, Json json, Clock clock) {
        this.credits = credits;
        this.keys = keys;
        this.access = access;
        this.json = json;
        this.clock = clock;
    }

    @POST
    public Response grant(@HeaderParam(IdempotencyStore.HEADER) String key,
                          @Valid @NotNull GrantCreditRequest request) {
        access.requireWrite();
        IdempotencyStore.requireKey(key);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw ApiException.invalid("expires_at must be in the future.");
        }
        String scope = access.keyScope("credits");
        String hash = json.hash("credits", request);
        return QuarkusTransaction.requiringNew().call(() -> {
            var stored = keys.begin(scope, key, hash);
            if (stored.isPresent()) {
                return Response.status(stored.get().status()).entity(stored.get().body()).build();
            }
            CreditResponse credit = credits.grant(request.accountId(), UUID.randomUUID(), request.amountCents(), now,
                    request.expiresAt(), request.title()).credit();
            String body = json.write(credit);
            keys.complete(scope, key, 201, body);
            return Response.status(201).entity(body).build();
        });
    }
}
