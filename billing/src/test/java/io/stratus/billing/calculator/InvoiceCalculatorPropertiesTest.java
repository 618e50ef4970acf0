package io.stratus.billing.calculator;

import static io.stratus.billing.calculator.Fixtures.CALCULATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants of the calculator over random usage histories (issue 8, "Tests"). */
class InvoiceCalculatorPropertiesTest {
    static final String[] SIZES = {"eco", "basic", "standard-1x", "standard-2x", "performance-m"};
    static final String[] PLANS = {"heroku-postgresql:mini", "heroku-postgresql:standard-0"};
    static final YearMonth[] PERIODS = {YearMonth.of(2026, 11), YearMonth.of(2026, 12), YearMonth.of(2027, 2)};

    static List<UsageEvent> history(long seed, YearMonth period) {
        Random random = new Random(seed);
        Instant from = InvoiceCalculator.start(period).minusSeconds(10 * 86_400L);
        long span = 45 * 86_400L;
        int count = 1 + random.nextInt(40);
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instants.add(from.plusSeconds(random.nextLong(span)));
        }
        instants.sort(null);
        List<UsageEvent> events = new ArrayList<>();
        for (Instant at : instants) {
            String app = "app-" + random.nextInt(3);
            switch (random.nextInt(8)) {
                case 0, 1, 2, 3 -> events.add(new UsageEvent.Formation(at, app, random.nextBoolean() ? "web" : "worker",
                        SIZES[random.nextInt(SIZES.length)], random.nextInt(5)));
                case 4 -> events.add(new UsageEvent.AddonAttach(at, app, "addon-" + random.nextInt(3),
                        PLANS[random.nextInt(PLANS.length)]));
                case 5 -> events.add(new UsageEvent.AddonDetach(at, "addon-" + random.nextInt(3)));
                case 6 -> events.add(random.nextBoolean() ? new UsageEvent.EcoSubscribe(at)
                        : new UsageEvent.EcoUnsubscribe(at));
                default -> events.add(new UsageEvent.AppDelete(at, app));
            }
        }
        return events;
    }

    static List<CreditLot> lots(long seed, YearMonth period) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<CreditLot> lots = new ArrayList<>();
        Instant start = InvoiceCalculator.start(period);
        for (int i = 0; i < random.nextInt(4); i++) {
            Instant expires = random.nextBoolean() ? null : start.plusSeconds(random.nextLong(40 * 86_400L));
            lots.add(new CreditLot("c" + i, start.minusSeconds(random.nextLong(86_400L)), expires,
                    random.nextLong(5_000)));
        }
        return lots;
    }

    @Property(tries = 300)
    void noLineExceedsItsCap(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int p) {
        YearMonth period = PERIODS[p];
        var invoice = CALCULATOR.calculate(history(seed, period), period, List.of());
        for (InvoiceLine line : invoice.lines()) {
            if (line.type().equals(InvoiceLine.ECO_PLAN)) {
                assertEquals(InvoiceCalculator.ECO_PLAN_CENTS, line.amountCents());
                continue;
            }
            long monthly = line.type().equals(InvoiceLine.DYNO) ? Fixtures.PRICES.dyno(line.size())
                    : Fixtures.PRICES.addon(line.plan());
            // At most 4 dynos per line in these histories, each capped at the monthly price.
            long slots = line.type().equals(InvoiceLine.DYNO) ? 4 : 1;
            assertTrue(line.amountCents() >= 0 && line.amountCents() <= slots * monthly, line.toString());
            assertTrue(line.seconds() > 0, line.toString());
        }
    }

    @Property(tries = 300)
    void repeatingTheCurrentStateChangesNoLine(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int p,
                                               @ForAll @LongRange(min = 0, max = 45 * 86_400L) long offset) {
        YearMonth period = PERIODS[p];
        List<UsageEvent> events = history(seed, period);
        Instant at = InvoiceCalculator.start(period).minusSeconds(10 * 86_400L).plusSeconds(offset);
        // The state of web on app-0 just after every event up to `at` is applied.
        String size = null;
        int quantity = 0;
        int insertAt = 0;
        for (int i = 0; i < events.size(); i++) {
            UsageEvent event = events.get(i);
            if (event.at().isAfter(at)) {
                break;
            }
            insertAt = i + 1;
            if (event instanceof UsageEvent.Formation f && f.app().equals("app-0") && f.processType().equals("web")) {
                size = f.size();
                quantity = f.quantity();
            } else if (event instanceof UsageEvent.AppDelete d && d.app().equals("app-0")) {
                quantity = 0;
            }
        }
        List<UsageEvent> repeated = new ArrayList<>(events);
        repeated.add(insertAt, new UsageEvent.Formation(at, "app-0", "web", size == null ? "basic" : size, quantity));
        var before = CALCULATOR.calculate(events, period, List.of());
        var after = CALCULATOR.calculate(repeated, period, List.of());
        assertEquals(before.lines(), after.lines());
    }

    @Property(tries = 300)
    void totalIsRoundedLinesMinusCreditsAndNeverNegative(@ForAll long seed,
                                                         @ForAll @IntRange(min = 0, max = 2) int p) {
        YearMonth period = PERIODS[p];
        List<CreditLot> lots = lots(seed, period);
        var invoice = CALCULATOR.calculate(history(seed, period), period, lots);
        long sum = invoice.lines().stream().mapToLong(InvoiceLine::amountCents).sum();
        assertEquals(sum, invoice.chargesTotal());
        long applied = invoice.creditsApplied().stream().mapToLong(c -> c.amountCents()).sum();
        assertEquals(applied, invoice.creditsTotal());
        assertTrue(invoice.creditsTotal() <= sum);
        assertEquals(sum - invoice.creditsTotal(), invoice.total());
        assertTrue(invoice.total() >= 0);
        long balanceBefore = lots.stream().mapToLong(CreditLot::balanceCents).sum();
        long balanceAfter = invoice.lotsAfter().stream().mapToLong(CreditLot::balanceCents).sum();
        long expired = invoice.creditsExpired().stream().mapToLong(c -> c.amountCents()).sum();
        assertEquals(balanceBefore - applied - expired, balanceAfter);
    }
}
