package io.stratus.billing.metering;

import io.stratus.billing.calculator.CreditLot;
import io.stratus.billing.calculator.UsageEvent;
import io.stratus.common.error.ApiException;
import java.time.Instant;
import java.util.List;

/** Turns request events into calculator events and checks the fields each type needs. */
public final class UsageEvents {
    static final String TYPES = "formation|app_delete|addon_attach|addon_detach|addon_plan_change|credit"
            + "|eco_subscribe|eco_unsubscribe";
    static final String TYPES_TEXT = "formation, app_delete, addon_attach, addon_detach, addon_plan_change, "
            + "credit, eco_subscribe, eco_unsubscribe";

    private UsageEvents() {
    }

    static void validate(List<UsageEventRequest> events, boolean ingestion) {
        for (int i = 0; i < events.size(); i++) {
            UsageEventRequest e = events.get(i);
            String where = "events[" + i + "]";
            if (ingestion) {
                require(e.id(), where, "id");
                require(e.accountId(), where, "account_id");
            }
            switch (e.type()) {
                case "formation" -> {
                    require(e.app(), where, "app");
                    require(e.processType(), where, "process_type");
                    require(e.size(), where, "size");
                    require(e.quantity(), where, "quantity");
                }
                case "app_delete" -> require(e.app(), where, "app");
                case "addon_attach" -> {
                    require(e.app(), where, "app");
                    require(e.addonId(), where, "addon_id");
                    require(e.plan(), where, "plan");
                }
                case "addon_detach" -> require(e.addonId(), where, "addon_id");
                case "addon_plan_change" -> {
                    require(e.addonId(), where, "addon_id");
                    require(e.plan(), where, "plan");
                }
                case "credit" -> {
                    require(e.creditId(), where, "credit_id");
                    require(e.amountCents(), where, "amount_cents");
                    require(e.title(), where, "title");
                    if (e.expiresAt() != null && !e.expiresAt().isAfter(e.at())) {
                        throw ApiException.invalid(where + ".expires_at must be after at.");
                    }
                }
                default -> {
                }
            }
        }
    }

    private static void require(Object value, String where, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw ApiException.invalid(where + "." + field + " is required for this type.");
        }
    }

    static UsageEvent toEvent(UsageEventRequest e) {
        return of(e.type(), e.at(), e.app(), e.processType(), e.size(), e.quantity(), e.addonId(), e.plan());
    }

    static CreditLot toLot(UsageEventRequest e) {
        return new CreditLot(e.creditId().toString(), e.at(), e.expiresAt(), e.amountCents());
    }

    public static UsageEvent of(String type, Instant at, String app, String processType, String size,
                         Integer quantity, String addonId, String plan) {
        return switch (type) {
            case "formation" -> new UsageEvent.Formation(at, app, processType, size, quantity);
            case "app_delete" -> new UsageEvent.AppDelete(at, app);
            case "addon_attach" -> new UsageEvent.AddonAttach(at, app, addonId, plan);
            case "addon_detach" -> new UsageEvent.AddonDetach(at, addonId);
            case "addon_plan_change" -> new UsageEvent.AddonPlanChange(at, addonId, plan);
            case "eco_subscribe" -> new UsageEvent.EcoSubscribe(at);
            case "eco_unsubscribe" -> new UsageEvent.EcoUnsubscribe(at);
            default -> throw new IllegalArgumentException("Not a usage event type: " + type);
        };
    }
}
