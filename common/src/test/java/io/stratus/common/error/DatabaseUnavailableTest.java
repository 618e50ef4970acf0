package io.stratus.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void refusedOrLostConnectionsAnywhereInTheCausesAreUnavailable() {
        assertTrue(DatabaseUnavailable.causedBy(new SQLException("Connection to 127.0.0.1:5432 refused.", "08001")));
        assertTrue(DatabaseUnavailable.causedBy(new IllegalStateException("Unable to acquire JDBC Connection",
                new IllegalStateException(new SQLException("An I/O error occurred", "08006")))));
        assertTrue(DatabaseUnavailable.causedBy(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(DatabaseUnavailable.causedBy(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseUnavailable.causedBy(new SQLTransientConnectionException("pool closed")));
        assertTrue(DatabaseUnavailable.causedBy(new SQLException("Sorry, acquisition timeout!")));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(DatabaseUnavailable.causedBy(new SQLException("duplicate key value", "23505")));
        assertFalse(DatabaseUnavailable.causedBy(new SQLException("syntax error", "42601")));
        assertFalse(DatabaseUnavailable.causedBy(new IllegalStateException("bug")));
        assertFalse(DatabaseUnavailable.causedBy(new SQLException("no state")));
        assertFalse(DatabaseUnavailable.causedBy(null));
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(DatabaseUnavailable.causedBy(a));
    }

    @Test
    void theMapperAnswersAQuick503WithRetryAfterInsteadOf500() {
        var mappers = new CommonExceptionMappers();
        var unavailable = mappers.unexpected(new RuntimeException(new SQLException("refused", "08001")));
        assertEquals(503, unavailable.getStatus());
        assertEquals("1", unavailable.getHeaderString("Retry-After"));
        assertEquals(ErrorIds.UNAVAILABLE, unavailable.getEntity().id());
        assertEquals(500, mappers.unexpected(new IllegalStateException("bug")).getStatus());
    }
}
