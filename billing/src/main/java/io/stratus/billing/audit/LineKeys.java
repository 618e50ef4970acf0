package io.stratus.billing.audit;

import io.stratus.billing.calculator.InvoiceLine;
import io.stratus.billing.calculator.UsageEvent;

/**
 * Names an invoice line by what identifies it (rule 6): {@code dyno/<app>/<process type>/<size>},
 * {@code addon/<app>/<add-on id>/<plan>} or {@code eco_plan}. Events name the lines they feed, so the audit can
 * tell a line counted from an event outside the period; an add-on event may not know its app, so add-ons also
 * match by {@code addon-id/<add-on id>/<plan>}.
 */
final class LineKeys {
    private LineKeys() {
    }

    static String of(InvoiceLine line) {
        return switch (line.type()) {
            case InvoiceLine.DYNO -> "dyno/" + line.app() + "/" + line.processType() + "/" + line.size();
            case InvoiceLine.ADDON -> "addon/" + line.app() + "/" + line.addonId() + "/" + line.plan();
            default -> line.type();
        };
    }

    /** The key an event outside the period is matched by, or null when the event feeds no line by itself. */
    static String fedBy(UsageEvent event) {
        if (event instanceof UsageEvent.Formation f) {
            return "dyno/" + f.app() + "/" + f.processType() + "/" + f.size();
        } else if (event instanceof UsageEvent.AddonAttach a) {
            return addon(a.addonId(), a.plan());
        } else if (event instanceof UsageEvent.AddonPlanChange c) {
            return addon(c.addonId(), c.plan());
        } else if (event instanceof UsageEvent.EcoSubscribe) {
            return InvoiceLine.ECO_PLAN;
        }
        return null;
    }

    /** The key of a line as events outside the period are matched against it. */
    static String matchedBy(InvoiceLine line) {
        return line.type().equals(InvoiceLine.ADDON) ? addon(line.addonId(), line.plan()) : of(line);
    }

    private static String addon(String addonId, String plan) {
        return "addon-id/" + addonId + "/" + plan;
    }
}
