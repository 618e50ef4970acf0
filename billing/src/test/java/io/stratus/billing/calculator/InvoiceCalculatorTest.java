package io.stratus.billing.calculator;

import static io.stratus.billing.calculator.Fixtures.CALCULATOR;
import static io.stratus.billing.calculator.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.billing.calculator.CalculatedInvoice.AppliedCredit;
import io.stratus.billing.calculator.UsageEvent.AddonAttach;
import io.stratus.billing.calculator.UsageEvent.AddonPlanChange;
import io.stratus.billing.calculator.UsageEvent.AppDelete;
import io.stratus.billing.calculator.UsageEvent.EcoSubscribe;
import io.stratus.billing.calculator.UsageEvent.EcoUnsubscribe;
import io.stratus.billing.calculator.UsageEvent.Formation;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules 2-8 of spec/billing.md on cases whose amounts are derived by hand in each comment. */
class InvoiceCalculatorTest {
    static final YearMonth NOV = YearMonth.of(2026, 11); // 30 days = 2,592,000 s
    static final YearMonth DEC = YearMonth.of(2026, 12); // 31 days = 2,678,400 s
    static final YearMonth FEB = YearMonth.of(2027, 2); // 28 days = 2,419,200 s

    static CalculatedInvoice run(YearMonth period, List<UsageEvent> events) {
        return CALCULATOR.calculate(events, period, List.of());
    }

    static InvoiceLine dyno(String app, String type, String size, long seconds, long cents) {
        return new InvoiceLine("dyno", app, type, size, null, null, seconds, cents);
    }

    @Test
    void fullThirtyDayMonthCostsExactlyThePrice() {
        // 2,592,000 s * 2500 / 2,592,000 = 2500, the cap itself.
        var invoice = run(NOV, List.of(new Formation(at("2026-10-20T00:00:00Z"), "a", "web", "standard-1x", 1)));
        assertEquals(List.of(dyno("a", "web", "standard-1x", 2_592_000, 2500)), invoice.lines());
        assertEquals(2500, invoice.chargesTotal());
        assertEquals(2500, invoice.total());
    }

    @Test
    void fullThirtyOneDayMonthHitsTheCapExactly() {
        // 2,678,400 s * 2500 / 2,592,000 = 2583.33 > cap 2500, so 2500.
        var invoice = run(DEC, List.of(new Formation(at("2026-10-20T00:00:00Z"), "a", "web", "standard-1x", 1)));
        assertEquals(List.of(dyno("a", "web", "standard-1x", 2_678_400, 2500)), invoice.lines());
    }

    @Test
    void fullFebruaryCosts672Of720OfThePrice() {
        // 2,419,200 / 2,592,000 = 672/720 = 14/15: 2500 * 14/15 = 2333.33 -> 2333; basic 700 * 14/15 = 653.33 -> 653.
        var invoice = run(FEB, List.of(
                new Formation(at("2027-01-01T00:00:00Z"), "a", "web", "standard-1x", 1),
                new Formation(at("2027-01-01T00:00:00Z"), "a", "worker", "basic", 1)));
        assertEquals(List.of(
                dyno("a", "web", "standard-1x", 2_419_200, 2333),
                dyno("a", "worker", "basic", 2_419_200, 653)), invoice.lines());
        assertEquals(2986, invoice.chargesTotal());
    }

    @Test
    void scaleUpMidMonthChargesTheSecondSlotForItsHalf() {
        // Slot 1: whole November = 2500. Slot 2: from Nov 16, 15 days = 1,296,000 s = 1250. Line 3750.
        var invoice = run(NOV, List.of(
                new Formation(at("2026-10-01T00:00:00Z"), "a", "web", "standard-1x", 1),
                new Formation(at("2026-11-16T00:00:00Z"), "a", "web", "standard-1x", 2)));
        assertEquals(List.of(dyno("a", "web", "standard-1x", 3_888_000, 3750)), invoice.lines());
    }

    @Test
    void severalSlotsAreEachCapped() {
        // Three dynos all December: each slot 2583.33 capped to 2500, so 7500 (not 7750).
        var invoice = run(DEC, List.of(new Formation(at("2026-11-01T00:00:00Z"), "a", "web", "standard-1x", 3)));
        assertEquals(List.of(dyno("a", "web", "standard-1x", 3 * 2_678_400L, 7500)), invoice.lines());
    }

    @Test
    void slotCapIsPerSlotNotPerLine() {
        // December: 1 dyno all month (capped 2500) plus a second from Dec 17 (15 days, 1250): 3750.
        // Capping the line instead would give min(2583.33 + 1250, 5000) = 3833.
        var invoice = run(DEC, List.of(
                new Formation(at("2026-11-01T00:00:00Z"), "a", "web", "standard-1x", 1),
                new Formation(at("2026-12-17T00:00:00Z"), "a", "web", "standard-1x", 2)));
        assertEquals(3750, invoice.lines().get(0).amountCents());
    }

    @Test
    void sizeChangeEndsTheOldLineAndStartsTheNewAtTheSameInstant() {
        // Nov 1-11 standard-1x: 864,000 s -> 833.33 -> 833. Nov 11-Dec 1 standard-2x: 1,728,000 s -> 3333.33 -> 3333.
        // Lines round separately: total 4166, although the unrounded sum is 4166.67.
        var invoice = run(NOV, List.of(
                new Formation(at("2026-11-01T00:00:00Z"), "a", "web", "standard-1x", 1),
                new Formation(at("2026-11-11T00:00:00Z"), "a", "web", "standard-2x", 1)));
        assertEquals(List.of(
                dyno("a", "web", "standard-1x", 864_000, 833),
                dyno("a", "web", "standard-2x", 1_728_000, 3333)), invoice.lines());
        assertEquals(4166, invoice.chargesTotal());
    }

    @Test
    void sameInstantEventsApplyInIngestionOrder() {
        // Scaled to 0 then back to 1 at the same instant: runs on; the reverse order leaves it stopped.
        var on = run(NOV, List.of(
                new Formation(at("2026-11-01T00:00:00Z"), "a", "web", "basic", 1),
                new Formation(at("2026-11-16T00:00:00Z"), "a", "web", "basic", 0),
                new Formation(at("2026-11-16T00:00:00Z"), "a", "web", "basic", 1)));
        assertEquals(700, on.chargesTotal());
        var off = run(NOV, List.of(
                new Formation(at("2026-11-01T00:00:00Z"), "a", "web", "basic", 1),
                new Formation(at("2026-11-16T00:00:00Z"), "a", "web", "basic", 1),
                new Formation(at("2026-11-16T00:00:00Z"), "a", "web", "basic", 0)));
        assertEquals(350, off.chargesTotal());
    }

    @Test
    void deletedAppStopsDynosAndAddonsAndStillAppears() {
        // Nov 1-6 = 432,000 s: dyno 2500/6 = 416.67 -> 417; add-on 500/6 = 83.33 -> 83. December: nothing.
        List<UsageEvent> events = List.of(
                new Formation(at("2026-10-01T00:00:00Z"), "a", "web", "standard-1x", 1),
                new AddonAttach(at("2026-10-01T00:00:00Z"), "a", "pg-1", "heroku-postgresql:mini"),
                new AppDelete(at("2026-11-06T00:00:00Z"), "a"));
        var nov = run(NOV, events);
        assertEquals(List.of(
                dyno("a", "web", "standard-1x", 432_000, 417),
                new InvoiceLine("addon", "a", null, null, "pg-1", "heroku-postgresql:mini", 432_000, 83)),
                nov.lines());
        assertEquals(List.of(), run(DEC, events).lines());
    }

    @Test
    void addonPlanChangeSplitsTheLine() {
        // mini Nov 1-16 (1,296,000 s): 250; standard-0 Nov 16-Dec 1: 2500.
        var invoice = run(NOV, List.of(
                new AddonAttach(at("2026-11-01T00:00:00Z"), "a", "pg-1", "heroku-postgresql:mini"),
                new AddonPlanChange(at("2026-11-16T00:00:00Z"), "pg-1", "heroku-postgresql:standard-0")));
        assertEquals(List.of(
                new InvoiceLine("addon", "a", null, null, "pg-1", "heroku-postgresql:mini", 1_296_000, 250),
                new InvoiceLine("addon", "a", null, null, "pg-1", "heroku-postgresql:standard-0", 1_296_000, 2500)),
                invoice.lines());
    }

    @Test
    void ecoIsAFlatPlanLineAndZeroCentDynoLines() {
        // 10 hours of one eco dyno: 36,000 pool seconds at 0 cents, plus the 500-cent plan.
        var invoice = run(NOV, List.of(
                new EcoSubscribe(at("2026-11-01T00:00:00Z")),
                new Formation(at("2026-11-02T00:00:00Z"), "a", "web", "eco", 1),
                new Formation(at("2026-11-02T10:00:00Z"), "a", "web", "eco", 0)));
        assertEquals(List.of(
                new InvoiceLine("eco_plan", null, null, null, null, null, 0, 500),
                dyno("a", "web", "eco", 36_000, 0)), invoice.lines());
        assertEquals(500, invoice.total());
    }

    @Test
    void ecoPlanIsChargedForEveryMonthSubscribedAtAnyInstant() {
        List<UsageEvent> events = List.of(
                new EcoSubscribe(at("2026-10-31T23:00:00Z")),
                new EcoUnsubscribe(at("2026-11-01T00:00:01Z")));
        assertEquals(500, run(NOV, events).total());
        assertEquals(0, run(DEC, events).total());
        // Unsubscribed exactly at the period's start: not subscribed at any instant of November.
        assertEquals(0, run(NOV, List.of(new EcoSubscribe(at("2026-10-01T00:00:00Z")),
                new EcoUnsubscribe(at("2026-11-01T00:00:00Z")))).total());
    }

    @Test
    void runningEcoDynosImplyTheEcoPlan() {
        var invoice = run(NOV, List.of(new Formation(at("2026-11-02T00:00:00Z"), "a", "web", "eco", 1)));
        assertEquals(500, invoice.total());
    }

    @Test
    void lineRoundsHalfEvenOnce() {
        // standard-1x for 2,592 s: 2592 * 2500 / 2,592,000 = 2.5 -> 2 (even). For 7,776 s: 7.5 -> 8 (even).
        var down = run(NOV, List.of(
                new Formation(at("2026-11-01T00:00:00Z"), "a", "web", "standard-1x", 1),
                new Formation(at("2026-11-01T00:43:12Z"), "a", "web", "standard-1x", 0)));
        assertEquals(List.of(dyno("a", "web", "standard-1x", 2_592, 2)), down.lines());
        var up = run(NOV, List.of(
                new Formation(at("2026-11-01T00:00:00Z"), "a", "web", "standard-1x", 1),
                new Formation(at("2026-11-01T02:09:36Z"), "a", "web", "standard-1x", 0)));
        assertEquals(List.of(dyno("a", "web", "standard-1x", 7_776, 8)), up.lines());
    }

    @Test
    void lineThatRoundsToZeroStillAppears() {
        // basic for 1 s: 700 / 2,592,000 = 0.0003 -> 0, but the line is there with its second.
        var invoice = run(NOV, List.of(
                new Formation(at("2026-11-01T00:00:00Z"), "a", "web", "basic", 1),
                new Formation(at("2026-11-01T00:00:01Z"), "a", "web", "basic", 0)));
        assertEquals(List.of(dyno("a", "web", "basic", 1, 0)), invoice.lines());
    }

    @Test
    void totalsAreSumsOfRoundedLines() {
        // Two apps of 2,592 s each at standard-1x: 2.5 -> 2 twice = 4 (rounding the 5.0 sum would also give 5).
        var invoice = run(NOV, List.of(
                new Formation(at("2026-11-01T00:00:00Z"), "a", "web", "standard-1x", 1),
                new Formation(at("2026-11-01T00:00:00Z"), "b", "web", "standard-1x", 1),
                new Formation(at("2026-11-01T00:43:12Z"), "a", "web", "standard-1x", 0),
                new Formation(at("2026-11-01T00:43:12Z"), "b", "web", "standard-1x", 0)));
        assertEquals(4, invoice.chargesTotal());
    }

    @Test
    void eventsAfterThePeriodAreIgnored() {
        var invoice = run(NOV, List.of(new Formation(at("2026-12-01T00:00:00Z"), "a", "web", "standard-1x", 1)));
        assertEquals(List.of(), invoice.lines());
    }

    @Test
    void creditsConsumeSoonestExpiringFirstAndCoverAPeriodEndingAtTheirExpiry() {
        // Charges 2500. Credit "end" expires exactly at Dec 1 00:00Z (the period end): usable, taken first (1000).
        // Then "never" (no expiry) gives 1500 and keeps 3500. "early" expired Nov 30: unusable, expires.
        // "later" (granted Dec 1) is not usable in November.
        List<CreditLot> lots = List.of(
                new CreditLot("never", at("2026-10-01T00:00:00Z"), null, 5000),
                new CreditLot("end", at("2026-10-02T00:00:00Z"), at("2026-12-01T00:00:00Z"), 1000),
                new CreditLot("early", at("2026-10-03T00:00:00Z"), at("2026-11-30T00:00:00Z"), 700),
                new CreditLot("later", at("2026-12-01T00:00:00Z"), null, 900));
        var invoice = CALCULATOR.calculate(
                List.of(new Formation(at("2026-10-20T00:00:00Z"), "a", "web", "standard-1x", 1)), NOV, lots);
        assertEquals(List.of(new AppliedCredit("end", 1000), new AppliedCredit("never", 1500)),
                invoice.creditsApplied());
        assertEquals(2500, invoice.creditsTotal());
        assertEquals(0, invoice.total());
        assertEquals(List.of(new AppliedCredit("early", 700)), invoice.creditsExpired());
        assertEquals(List.of(3500L, 0L, 0L, 900L),
                invoice.lotsAfter().stream().map(CreditLot::balanceCents).toList());
    }

    @Test
    void creditsOfEqualExpiryGoOldestFirstAndNeverExceedCharges() {
        List<CreditLot> lots = List.of(
                new CreditLot("newer", at("2026-10-05T00:00:00Z"), null, 10_000),
                new CreditLot("older", at("2026-10-01T00:00:00Z"), null, 10_000));
        var invoice = CALCULATOR.calculate(
                List.of(new Formation(at("2026-10-20T00:00:00Z"), "a", "web", "standard-1x", 1)), NOV, lots);
        assertEquals(List.of(new AppliedCredit("older", 2500)), invoice.creditsApplied());
        assertEquals(0, invoice.total());
        assertEquals(List.of(10_000L, 7_500L), invoice.lotsAfter().stream().map(CreditLot::balanceCents).toList());
    }

    @Test
    void unknownSizeIsRefused() {
        assertThrows(PriceList.UnknownPriceException.class, () -> run(NOV,
                List.of(new Formation(at("2026-11-01T00:00:00Z"), "a", "web", "huge-9x", 1))));
    }
}
