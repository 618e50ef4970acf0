package io.stratus.billing.calculator;

import java.time.Instant;
import java.util.Map;

/** The spec's price list plus two add-on plans, for calculator tests. */
final class Fixtures {
    static final PriceList PRICES = new PriceList(
            Map.of("eco", 0L, "basic", 700L, "standard-1x", 2500L, "standard-2x", 5000L, "performance-m", 25000L,
                    "performance-l", 50000L, "performance-l-ram", 50000L, "performance-xl", 75000L,
                    "performance-2xl", 150000L),
            Map.of("heroku-postgresql:mini", 500L, "heroku-postgresql:standard-0", 5000L));
    static final InvoiceCalculator CALCULATOR = new InvoiceCalculator(PRICES);

    private Fixtures() {
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
