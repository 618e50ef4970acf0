package io.stratus.billing.credit;

import io.quarkus.security.Authenticated;
import io.stratus.common.security.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The account holder's credits and their balances (Heroku {@code /account/credits}). */
@Path("/account/credits")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AccountCreditResource {
    private final CreditService credits;
    private final Caller caller;

    AccountCreditResource(CreditService credits, Caller caller) {
        this.credits = credits;
        this.caller = caller;
    }

    @GET
    public List<CreditResponse> list() {
        return credits.list(caller.accountId());
    }
}
