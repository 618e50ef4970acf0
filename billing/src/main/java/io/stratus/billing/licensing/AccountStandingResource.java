package io.stratus.billing.licensing;

import io.quarkus.security.Authenticated;
import io.stratus.common.security.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The account holder's own standing (verified, delinquent, suspended, app limit). */
@Path("/account/standing")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AccountStandingResource {
    private final EntitlementService entitlements;
    private final Caller caller;

    AccountStandingResource(EntitlementService entitlements, Caller caller) {
        this.entitlements = entitlements;
        this.caller = caller;
    }

    @GET
    public StandingResponse own() {
        return StandingResponse.of(entitlements.standing(caller.accountId()));
    }
}
