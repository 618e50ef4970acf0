package io.stratus.billing.idempotency;

import io.quarkus.scheduler.Scheduled;
import io.stratus.billing.BillingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Forgets idempotency keys once they are older than the retention (rule 10: at least 24 h). */
@ApplicationScoped
class KeyPurge {
    private final IdempotencyStore keys;
    private final BillingConfig config;
    private final Clock clock;

    KeyPurge(IdempotencyStore keys, BillingConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = "billing-key-purge", every = "${stratus.billing.key-purge-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        keys.purgeOlderThan(clock.instant().minus(config.idempotencyRetention()));
    }
}
