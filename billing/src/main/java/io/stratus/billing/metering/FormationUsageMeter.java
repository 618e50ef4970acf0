package io.stratus.billing.metering;

import io.stratus.dashboard.api.AppDeleted;
import io.stratus.dashboard.api.FormationScaled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Meters dashboard-api's formation changes. A plain {@code @Observes} runs inside the publisher's transaction:
 * no scale commits without its usage record, and a usage record that cannot be written rolls the scale back.
 */
@ApplicationScoped
class FormationUsageMeter {
    private final UsageService usage;

    FormationUsageMeter(UsageService usage) {
        this.usage = usage;
    }

    void on(@Observes FormationScaled event) {
        usage.record(event.accountId(), "formation", event.at(), event.appId().toString(), event.processType(),
                event.size(), event.newQuantity());
    }

    void on(@Observes AppDeleted event) {
        usage.record(event.accountId(), "app_delete", event.at(), event.appId().toString(), null, null, null);
    }
}
