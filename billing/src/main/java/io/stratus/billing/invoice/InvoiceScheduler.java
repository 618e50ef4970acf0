package io.stratus.billing.invoice;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Finalizes the month that just ended, shortly after midnight UTC on the 1st. Two instances may both fire:
 * the run's row locks and the unique constraint make that harmless.
 */
@ApplicationScoped
class InvoiceScheduler {
    private final InvoiceRunService runs;
    private final Clock clock;

    InvoiceScheduler(InvoiceRunService runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    @Scheduled(identity = "billing-invoice-run", cron = "${stratus.billing.invoice-run-cron:0 15 0 1 * ?}",
            timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void monthEnd() {
        runs.run(YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)).minusMonths(1));
    }
}
