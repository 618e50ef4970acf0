package io.stratus.billing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Billing's knobs (keys {@code stratus.billing.*}, or {@code STRATUS_BILLING_*} in the environment). */
@ConfigMapping(prefix = "stratus.billing")
public interface BillingConfig {
    /** Accounts per transaction of the invoice run; 500 keeps each batch's arrays and locks small. */
    @WithDefault("500")
    int invoiceBatchSize();

    /** Idempotency keys are kept at least this long (rule 10 says 24 h). */
    @WithDefault("PT48H")
    Duration idempotencyRetention();

    /** Largest single charge or refund, in cents: anything above is a typo, not a bill. */
    @WithDefault("100000000")
    long maxChargeCents();

    /** When the month-end invoice run fires (Quartz cron, UTC); {@code off} disables it. */
    @WithDefault("0 15 0 1 * ?")
    String invoiceRunCron();

    /** How often failed payments are retried when due (dunning); {@code off} disables it. */
    @WithDefault("1h")
    String dunningEvery();

    /** How often expired idempotency keys are deleted; {@code off} disables it. */
    @WithDefault("1h")
    String keyPurgeEvery();

    /**
     * A charge whose key is still in progress this long after it was claimed belongs to a process that died
     * between calling the gateway and recording its answer; a retry with the same key then settles it by asking
     * the gateway. Must be well above the gateway call's own timeout.
     */
    @WithDefault("PT30S")
    Duration abandonedChargeAfter();
}
