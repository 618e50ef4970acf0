package io.stratus.billing.licensing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;
import io.stratus.billing.Sql;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** Admin overrides of an account's standing, audited (who, when, why). */
@Path("/internal/billing/accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StandingResource {
    private final EntitlementService entitlements;
    private final Sql sql;
    private final Caller caller;

    StandingResource(EntitlementService entitlements, Sql sql, Caller caller) {
        this.entitlements = entitlements;
        this.sql = sql;
        this.caller = caller;
    }

    @PUT
    @Path("/{id}/standing")
    public StandingResponse override(@PathParam("id") String id, @Valid @NotNull StandingOverrideRequest request) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only admins may override an account's standing.");
        }
        UUID accountId;
        try {
            accountId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Couldn't find that account.");
        }
        if (request.verified() == null && request.appLimit() == null) {
            throw ApiException.invalid("Give verified or app_limit.");
        }
        String change = "verified=" + request.verified() + ", app_limit=" + request.appLimit();
        QuarkusTransaction.requiringNew().run(() -> {
            sql.update("insert into billing.accounts (account_id) values (?) on conflict do nothing", accountId);
            sql.update("""
                    update billing.accounts set verified_override = coalesce(?, verified_override),
                        app_limit_override = coalesce(?, app_limit_override), updated_at = now()
                    where account_id = ?""", request.verified(), request.appLimit(), accountId);
            sql.update("insert into billing.standing_audit (account_id, actor, change, reason) values (?, ?, ?, ?)",
                    accountId, caller.subject(), change, request.reason());
        });
        return StandingResponse.of(entitlements.standing(accountId));
    }
}
