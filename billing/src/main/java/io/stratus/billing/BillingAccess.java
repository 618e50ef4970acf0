package io.stratus.billing;

import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.enterprise.context.RequestScoped;

/** Who may call billing's internal endpoints: service tokens by scope, admins for the price list. */
@RequestScoped
public class BillingAccess {
    public static final String READ = "billing:read";
    public static final String WRITE = "billing:write";

    private final Caller caller;

    BillingAccess(Caller caller) {
        this.caller = caller;
    }

    public void requireWrite() {
        caller.requireServiceScope(WRITE);
    }

    public void requireRead() {
        if (!(caller.isService() && (caller.hasScope(READ) || caller.hasScope(WRITE)))) {
            throw ApiException.forbidden("This endpoint needs a service token with scope " + READ + ".");
        }
    }

    public void requireWriteOrAdmin() {
        if (!caller.isAdmin()) {
            requireWrite();
        }
    }

    /** Scope of an idempotency key: one client's keys never collide with another's. */
    public String keyScope(String endpoint) {
        return caller.subject() + ":" + endpoint;
    }
}
