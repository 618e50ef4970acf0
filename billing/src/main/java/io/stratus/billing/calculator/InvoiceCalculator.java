package io.stratus.billing.calculator;

import io.stratus.billing.calculator.CalculatedInvoice.AppliedCredit;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The one calculation of spec/billing.md rules 2-8 (rule 12): a month of one account's usage in, invoice lines
 * and totals out. Pure: no database, no clock, no framework; the invoice run, the simulation endpoint and the
 * audit all call it. Money stays an exact fraction of cents until each line is rounded half-even once.
 */
public final class InvoiceCalculator {
    /** Seconds of the 30-day reference month that turns a monthly price into a per-second rate (rule 3). */
    public static final long REFERENCE_MONTH_SECONDS = 2_592_000L;
    public static final long ECO_PLAN_CENTS = 500L;
    public static final String ECO_SIZE = "eco";

    private final PriceList prices;

    public InvoiceCalculator(PriceList prices) {
        this.prices = Objects.requireNonNull(prices);
    }

    public static Instant start(YearMonth period) {
        return period.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public static Instant end(YearMonth period) {
        return start(period.plusMonths(1));
    }

    /**
     * Calculates one month.
     *
     * @param history every usage event of the account up to at least the period's end, in ingestion order;
     *                events before the period set the state it starts with, events after it are ignored
     * @param lots    the account's credit lots with their balances before this month
     */
    public CalculatedInvoice calculate(List<UsageEvent> history, YearMonth period, List<CreditLot> lots) {
        Instant start = start(period);
        Instant end = end(period);
        Meter meter = new Meter(start, end);
        // A stable sort keeps ingestion order among events at the same instant (rule 2).
        List<UsageEvent> ordered = new ArrayList<>(history);
        ordered.sort(Comparator.comparing(UsageEvent::at));
        for (UsageEvent event : ordered) {
            if (!event.at().isBefore(end)) {
                break;
            }
            meter.apply(event);
        }
        meter.closeAll(end);

        List<InvoiceLine> lines = meter.lines();
        long charges = 0;
        for (InvoiceLine line : lines) {
            charges = Math.addExact(charges, line.amountCents());
        }
        return applyCredits(period, lines, charges, lots, end);
    }

    private static CalculatedInvoice applyCredits(YearMonth period, List<InvoiceLine> lines, long charges,
                                                  List<CreditLot> lots, Instant end) {
        // Rule 8: usable when granted before the end and not expired at it; a credit expiring exactly at the
        // period's end still covers that period (README, "Decisions").
        List<CreditLot> usable = new ArrayList<>();
        for (CreditLot lot : lots) {
            if (lot.balanceCents() > 0 && lot.grantedAt().isBefore(end)
                    && (lot.expiresAt() == null || !lot.expiresAt().isBefore(end))) {
                usable.add(lot);
            }
        }
        usable.sort(Comparator.comparing(CreditLot::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(CreditLot::grantedAt).thenComparing(CreditLot::creditId));
        Map<String, Long> taken = new HashMap<>();
        List<AppliedCredit> applied = new ArrayList<>();
        long remaining = charges;
        for (CreditLot lot : usable) {
            if (remaining == 0) {
                break;
            }
            long take = Math.min(remaining, lot.balanceCents());
            remaining -= take;
            taken.put(lot.creditId(), take);
            applied.add(new AppliedCredit(lot.creditId(), take));
        }
        long creditsTotal = charges - remaining;

        List<CreditLot> after = new ArrayList<>();
        List<AppliedCredit> expired = new ArrayList<>();
        for (CreditLot lot : lots) {
            long balance = lot.balanceCents() - taken.getOrDefault(lot.creditId(), 0L);
            if (balance > 0 && lot.expiresAt() != null && !lot.expiresAt().isAfter(end)) {
                expired.add(new AppliedCredit(lot.creditId(), balance));
                balance = 0;
            }
            after.add(new CreditLot(lot.creditId(), lot.grantedAt(), lot.expiresAt(), balance));
        }
        return new CalculatedInvoice(period, List.copyOf(lines), charges, List.copyOf(applied), creditsTotal,
                charges - creditsTotal, List.copyOf(after), List.copyOf(expired));
    }

    static long roundHalfEven(BigInteger numerator, long denominator) {
        return new BigDecimal(numerator).divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    /** Replays events and accrues per-slot seconds for every line key inside [start, end). */
    private final class Meter {
        private final Instant start;
        private final Instant end;
        private final Map<ProcessKey, Running> processes = new HashMap<>();
        private final Map<String, Attached> addons = new HashMap<>();
        private final Map<LineKey, long[]> slotSeconds = new TreeMap<>();
        private boolean ecoSubscribed;
        private boolean ecoInPeriod;

        Meter(Instant start, Instant end) {
            this.start = start;
            this.end = end;
        }

        void apply(UsageEvent event) {
            Instant at = event.at();
            if (ecoSubscribed && at.isAfter(start)) {
                ecoInPeriod = true;
            }
            if (event instanceof UsageEvent.Formation f) {
                ProcessKey key = new ProcessKey(f.app(), f.processType());
                stopProcess(key, at);
                if (f.quantity() > 0) {
                    prices.dyno(f.size());
                    processes.put(key, new Running(f.size(), f.quantity(), at));
                }
            } else if (event instanceof UsageEvent.AppDelete d) {
                for (ProcessKey key : List.copyOf(processes.keySet())) {
                    if (key.app().equals(d.app())) {
                        stopProcess(key, at);
                    }
                }
                for (String addonId : List.copyOf(addons.keySet())) {
                    if (addons.get(addonId).app().equals(d.app())) {
                        stopAddon(addonId, at);
                    }
                }
            } else if (event instanceof UsageEvent.AddonAttach a) {
                prices.addon(a.plan());
                stopAddon(a.addonId(), at);
                addons.put(a.addonId(), new Attached(a.app(), a.plan(), at));
            } else if (event instanceof UsageEvent.AddonDetach d) {
                stopAddon(d.addonId(), at);
            } else if (event instanceof UsageEvent.AddonPlanChange c) {
                Attached current = addons.get(c.addonId());
                if (current != null) {
                    prices.addon(c.plan());
                    stopAddon(c.addonId(), at);
                    addons.put(c.addonId(), new Attached(current.app(), c.plan(), at));
                }
            } else if (event instanceof UsageEvent.EcoSubscribe) {
                ecoSubscribed = true;
                if (!at.isBefore(start)) {
                    ecoInPeriod = true;
                }
            } else if (event instanceof UsageEvent.EcoUnsubscribe) {
                ecoSubscribed = false;
            }
        }

        void closeAll(Instant at) {
            if (ecoSubscribed) {
                ecoInPeriod = true;
            }
            for (ProcessKey key : List.copyOf(processes.keySet())) {
                stopProcess(key, at);
            }
            for (String addonId : List.copyOf(addons.keySet())) {
                stopAddon(addonId, at);
            }
        }

        private void stopProcess(ProcessKey key, Instant at) {
            Running running = processes.remove(key);
            if (running != null) {
                accrue(new LineKey(InvoiceLine.DYNO, key.app(), key.processType(), running.size(), "", ""),
                        running.quantity(), running.since(), at);
            }
        }

        private void stopAddon(String addonId, Instant at) {
            Attached attached = addons.remove(addonId);
            if (attached != null) {
                accrue(new LineKey(InvoiceLine.ADDON, attached.app(), "", "", addonId, attached.plan()),
                        1, attached.since(), at);
            }
        }

        private void accrue(LineKey key, int quantity, Instant from, Instant to) {
            Instant a = from.isBefore(start) ? start : from;
            Instant b = to.isAfter(end) ? end : to;
            long seconds = b.getEpochSecond() - a.getEpochSecond();
            if (seconds <= 0) {
                return;
            }
            long[] slots = slotSeconds.get(key);
            if (slots == null || slots.length < quantity) {
                long[] grown = new long[quantity];
                if (slots != null) {
                    System.arraycopy(slots, 0, grown, 0, slots.length);
                }
                slots = grown;
                slotSeconds.put(key, slots);
            }
            for (int k = 0; k < quantity; k++) {
                slots[k] += seconds;
            }
        }

        List<InvoiceLine> lines() {
            Map<LineKey, InvoiceLine> byKey = new LinkedHashMap<>();
            boolean ecoDynos = false;
            for (Map.Entry<LineKey, long[]> entry : slotSeconds.entrySet()) {
                LineKey key = entry.getKey();
                long monthly = key.type().equals(InvoiceLine.DYNO) ? prices.dyno(key.size()) : prices.addon(key.plan());
                BigInteger numerator = BigInteger.ZERO;
                long seconds = 0;
                for (long slot : entry.getValue()) {
                    seconds += slot;
                    // Rule 4: each slot is capped at the monthly price, compared as numerators over the same base.
                    long slotNumerator = Math.min(Math.multiplyExact(slot, monthly),
                            Math.multiplyExact(REFERENCE_MONTH_SECONDS, monthly));
                    numerator = numerator.add(BigInteger.valueOf(slotNumerator));
                }
                if (key.type().equals(InvoiceLine.DYNO) && key.size().equals(ECO_SIZE)) {
                    ecoDynos = true;
                }
                byKey.put(key, new InvoiceLine(key.type(), key.app(), blankToNull(key.processType()),
                        blankToNull(key.size()), blankToNull(key.addonId()), blankToNull(key.plan()), seconds,
                        roundHalfEven(numerator, REFERENCE_MONTH_SECONDS)));
            }
            List<InvoiceLine> result = new ArrayList<>();
            // Running eco dynos needs the eco plan, so they imply the subscription (README, "Decisions").
            if (ecoInPeriod || ecoDynos) {
                result.add(new InvoiceLine(InvoiceLine.ECO_PLAN, null, null, null, null, null, 0, ECO_PLAN_CENTS));
            }
            result.addAll(byKey.values());
            return result;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private record ProcessKey(String app, String processType) {
    }

    private record Running(String size, int quantity, Instant since) {
    }

    private record Attached(String app, String plan, Instant since) {
    }

    private record LineKey(String type, String app, String processType, String size, String addonId, String plan)
            implements Comparable<LineKey> {
        private static final Comparator<LineKey> ORDER = Comparator.comparing(LineKey::type).reversed()
                .thenComparing(LineKey::app).thenComparing(LineKey::processType).thenComparing(LineKey::size)
                .thenComparing(LineKey::addonId).thenComparing(LineKey::plan);

        @Override
        public int compareTo(LineKey other) {
            return ORDER.compare(this, other);
        }
    }
}
