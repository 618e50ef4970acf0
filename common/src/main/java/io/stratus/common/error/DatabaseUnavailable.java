package io.stratus.common.error;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Recognises a failure that means "the database cannot be reached right now" anywhere in an exception's causes:
 * a connection refused or lost (SQLState class 08), a server shutting down or starting (57P), too many
 * connections (53300), or no pooled connection within the acquisition timeout. Such a request gets a quick 503
 * with {@code Retry-After} instead of a 500: nothing was done, and the same request will work once the database is
 * back (bench/faults, fault 3).
 */
public final class DatabaseUnavailable {
    private DatabaseUnavailable() {
    }

    public static boolean causedBy(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql && unavailable(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLTimeoutException) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null) {
            return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
        }
        // Agroal's pool reports an exhausted acquisition timeout as a plain SQLException without a state.
        String message = e.getMessage();
        return message != null && message.contains("acquisition timeout");
    }
}
