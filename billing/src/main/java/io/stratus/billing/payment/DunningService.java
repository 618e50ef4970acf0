package io.stratus.billing.payment;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.stratus.billing.Sql;
import io.stratus.dashboard.api.Suspensions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Retries failed invoice payments 3, 5 and 7 days after the first failure; when the last retry fails too the
 * account becomes delinquent (issue 8). A paid invoice closes its dunning. Thirty days of delinquency suspend the
 * account, and dashboard-api's {@link Suspensions} stops its apps in the same transaction (issue 12).
 */
@ApplicationScoped
public class DunningService {
    private static final Logger LOG = Logger.getLogger(DunningService.class);
    static final Duration SUSPEND_AFTER = Duration.ofDays(30);

    private final Sql sql;
    private final PaymentService payments;
    private final Clock clock;
    private final Instance<Suspensions> suspensions;

    DunningService(Sql sql, PaymentService payments, Clock clock, Instance<Suspensions> suspensions) {
        this.sql = sql;
        this.payments = payments;
        this.clock = clock;
        this.suspensions = suspensions;
    }

    /** What one dunning pass did. */
    public record DunningResult(int retried, int recovered, int delinquent) {
    }

    private record Due(UUID invoiceId, UUID accountId, Instant firstFailedAt, int retriesDone) {
    }

    @Scheduled(identity = "billing-dunning", every = "${stratus.billing.dunning-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run(clock.instant());
    }

    public DunningResult run(Instant now) {
        List<Due> due = QuarkusTransaction.requiringNew().call(() -> sql.list("""
                select invoice_id, account_id, first_failed_at, retries_done from billing.dunning
                where closed_at is null and next_retry_at <= ? order by next_retry_at limit 1000""",
                rs -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), Sql.instant(rs, 3),
                        rs.getInt(4)), now));
        int recovered = 0;
        int delinquent = 0;
        for (Due d : due) {
            // Claim the retry first, so a second instance running the same pass skips this invoice.
            int claimed = QuarkusTransaction.requiringNew().call(() -> sql.update("""
                    update billing.dunning set retries_done = retries_done + 1, next_retry_at = ?
                    where invoice_id = ? and retries_done = ? and closed_at is null""",
                    d.retriesDone() + 1 < PaymentService.RETRIES.size()
                            ? d.firstFailedAt().plus(PaymentService.RETRIES.get(d.retriesDone() + 1)) : null,
                    d.invoiceId(), d.retriesDone()));
            if (claimed == 0) {
                continue;
            }
            PaymentResponse payment = payments.retryInvoice(d.invoiceId());
            if (payment == null || payment.state().equals("succeeded")) {
                recovered++;
                continue;
            }
            if (d.retriesDone() + 1 >= PaymentService.RETRIES.size()) {
                delinquent++;
                QuarkusTransaction.requiringNew().run(() -> {
                    sql.update("update billing.dunning set closed_at = ? where invoice_id = ?", now, d.invoiceId());
                    sql.update("""
                            insert into billing.accounts (account_id, delinquent_at) values (?, ?)
                            on conflict (account_id) do update
                            set delinquent_at = coalesce(billing.accounts.delinquent_at, excluded.delinquent_at),
                                updated_at = now()""", d.accountId(), now);
                });
            }
        }
        int suspended = suspendLongDelinquent(now);
        if (suspended > 0) {
            LOG.infof("dunning: %d accounts suspended", suspended);
        }
        if (!due.isEmpty()) {
            LOG.infof("dunning: %d retried, %d recovered, %d accounts delinquent", due.size(), recovered, delinquent);
        }
        return new DunningResult(due.size(), recovered, delinquent);
    }

    /**
     * Delinquent for 30 days means suspended (issue 12). One transaction per account: its {@code suspended_at}
     * and the scale-down of its apps (with their usage events) commit together, or neither does and the next
     * pass tries again.
     */
    private int suspendLongDelinquent(Instant now) {
        Instant delinquentSince = now.minus(SUSPEND_AFTER);
        List<UUID> accounts = QuarkusTransaction.requiringNew().call(() -> sql.list("""
                select account_id from billing.accounts where suspended_at is null and delinquent_at <= ?""",
                rs -> rs.getObject(1, UUID.class), delinquentSince));
        int suspended = 0;
        for (UUID account : accounts) {
            try {
                suspended += QuarkusTransaction.requiringNew().call(() -> {
                    int updated = sql.update("""
                            update billing.accounts set suspended_at = ?, updated_at = now()
                            where account_id = ? and suspended_at is null and delinquent_at <= ?""",
                            now, account, delinquentSince);
                    if (updated == 1 && suspensions.isResolvable()) {
                        suspensions.get().suspend(account, now);
                    }
                    return updated;
                });
            } catch (RuntimeException e) {
                LOG.errorf(e, "dunning: suspending account %s failed; the next pass retries", account);
            }
        }
        return suspended;
    }

    public Instant delinquentAt(UUID accountId) {
        return sql.one("select delinquent_at from billing.accounts where account_id = ?", rs -> Sql.instant(rs, 1),
                accountId).orElse(null);
    }
}
