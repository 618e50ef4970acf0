package io.stratus.billing.calculator;

import java.time.Instant;

/**
 * One raw usage event of an account, as the calculator replays it. Events at the same instant apply in the
 * order of the list the calculator is given (ingestion order, spec rule 2).
 */
public sealed interface UsageEvent {
    Instant at();

    /** Sets a process type to one size and quantity; quantity 0 stops it whatever its size. */
    record Formation(Instant at, String app, String processType, String size, int quantity) implements UsageEvent {
    }

    /** Stops every process type and add-on of the app at this instant (rule 6). */
    record AppDelete(Instant at, String app) implements UsageEvent {
    }

    record AddonAttach(Instant at, String app, String addonId, String plan) implements UsageEvent {
    }

    record AddonDetach(Instant at, String addonId) implements UsageEvent {
    }

    record AddonPlanChange(Instant at, String addonId, String plan) implements UsageEvent {
    }

    record EcoSubscribe(Instant at) implements UsageEvent {
    }

    record EcoUnsubscribe(Instant at) implements UsageEvent {
    }
}
