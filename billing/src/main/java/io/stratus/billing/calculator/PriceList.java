package io.stratus.billing.calculator;

import java.util.Map;

/** Monthly prices in cents: dyno sizes by name and add-on plans by {@code service:plan}. */
public record PriceList(Map<String, Long> dynoCents, Map<String, Long> addonCents) {
    public PriceList {
        dynoCents = Map.copyOf(dynoCents);
        addonCents = Map.copyOf(addonCents);
    }

    public long dyno(String size) {
        Long cents = dynoCents.get(size);
        if (cents == null) {
            throw new UnknownPriceException("No price for dyno size " + size + ".");
        }
        return cents;
    }

    public long addon(String plan) {
        Long cents = addonCents.get(plan);
        if (cents == null) {
            throw new UnknownPriceException("No price for add-on plan " + plan + ".");
        }
        return cents;
    }

    /** An event names a size or plan that the price list does not have. */
    public static class UnknownPriceException extends RuntimeException {
        public UnknownPriceException(String message) {
            super(message);
        }
    }
}
