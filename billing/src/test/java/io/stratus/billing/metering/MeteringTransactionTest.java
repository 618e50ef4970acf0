package io.stratus.billing.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.billing.Sql;
import io.stratus.billing.calculator.PriceList;
import io.stratus.dashboard.api.AppDeleted;
import io.stratus.dashboard.api.FormationScaled;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metering joins the formation change's transaction (issue 8): the test plays dashboard-api, writing its own
 * formation row and firing the event in one transaction, as the real formation endpoint will.
 */
@QuarkusTest
class MeteringTransactionTest {
    @Inject
    Event<FormationScaled> formationScaled;
    @Inject
    Event<AppDeleted> appDeleted;
    @Inject
    Sql sql;

    @BeforeEach
    void formationsTable() {
        QuarkusTransaction.requiringNew().run(() -> sql.update(
                "create table if not exists public.billing_test_formations (app_id uuid, quantity int)"));
    }

    long usageRows(UUID account) {
        return sql.one("select count(*) from billing.usage_events where account_id = ?", rs -> rs.getLong(1), account)
                .orElseThrow();
    }

    long formationRows(UUID app) {
        return sql.one("select count(*) from public.billing_test_formations where app_id = ?", rs -> rs.getLong(1),
                app).orElseThrow();
    }

    void scale(UUID app, UUID account, String size, int quantity) {
        sql.update("insert into public.billing_test_formations values (?, ?)", app, quantity);
        formationScaled.fire(new FormationScaled(app, account, "web", size, 0, quantity, Instant.now()));
    }

    @Test
    void scaleCommitsWithItsUsageRecord() {
        UUID account = UUID.randomUUID();
        UUID app = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> scale(app, account, "standard-1x", 2));
        assertEquals(1, usageRows(account));
        assertEquals(1, formationRows(app));
        var row = sql.one("select type, app, process_type, size, quantity from billing.usage_events "
                + "where account_id = ?", rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                + rs.getString(4) + " " + rs.getInt(5), account).orElseThrow();
        assertEquals("formation " + app + " web standard-1x 2", row);
    }

    @Test
    void scaleThatFailsAfterFiringLeavesNoUsageRecord() {
        UUID account = UUID.randomUUID();
        UUID app = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            scale(app, account, "standard-1x", 1);
            throw new IllegalStateException("the formation change failed after the event");
        }));
        assertEquals(0, usageRows(account));
        assertEquals(0, formationRows(app));
    }

    @Test
    void usageRecordThatCannotBeWrittenRollsBackTheScale() {
        UUID account = UUID.randomUUID();
        UUID app = UUID.randomUUID();
        // The first process type meters fine; the second names a size billing has no price for.
        assertThrows(PriceList.UnknownPriceException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            scale(app, account, "standard-1x", 1);
            scale(app, account, "no-such-size", 1);
        }));
        assertEquals(0, usageRows(account));
        assertEquals(0, formationRows(app));
    }

    @Test
    void appDeletionIsMeteredInTheSameTransaction() {
        UUID account = UUID.randomUUID();
        UUID app = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            scale(app, account, "basic", 1);
            appDeleted.fire(new AppDeleted(app, account, "my-app", Instant.now()));
        });
        assertEquals(2, usageRows(account));
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            appDeleted.fire(new AppDeleted(app, account, "my-app", Instant.now()));
            throw new IllegalStateException("deletion failed");
        }));
        assertEquals(2, usageRows(account));
    }
}
