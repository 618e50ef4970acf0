package io.stratus.dashboard.account;

import io.quarkus.security.Authenticated;
import io.stratus.dashboard.standing.Licensing;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

@Path("/account")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
    private final AccountService accounts;
    private final Licensing licensing;

    AccountResource(AccountService accounts, Licensing licensing) {
        this.accounts = accounts;
        this.licensing = licensing;
    }

    @GET
    public AccountResponse get() {
        return response(accounts.current());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public AccountResponse update(@Valid UpdateAccountRequest request) {
        return response(accounts.update(request == null ? new UpdateAccountRequest(null, null, null) : request));
    }

    private AccountResponse response(Account account) {
        return AccountResponse.of(account, licensing.standing(account.id));
    }

    @GET
    @Path("/rate-limits")
    public Map<String, Integer> rateLimits() {
        accounts.current();
        return Map.of("remaining", 4500);
    }
}
