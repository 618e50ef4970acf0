package io.stratus.billing.audit;

import io.stratus.billing.audit.Discrepancy.Kind;
import io.stratus.billing.calculator.CalculatedInvoice;
import io.stratus.billing.calculator.CalculatedInvoice.AppliedCredit;
import io.stratus.billing.calculator.CreditLot;
import io.stratus.billing.calculator.InvoiceCalculator;
import io.stratus.billing.calculator.InvoiceLine;
import io.stratus.billing.calculator.PriceList;
import io.stratus.billing.calculator.UsageEvent;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A seeded generator of an audit dataset (issue 9): a month of usage for a range of accounts, the invoices and
 * credit ledger a correct invoice run writes for it (computed with the same {@link InvoiceCalculator}), and a known
 * number of injected faults of each kind. Rows go in with {@code COPY} in chunks of accounts, so memory stays flat.
 *
 * <p>The same seed gives the same accounts, events, amounts and faults. The accounts of a seed share the upper 32
 * bits of their id ({@link #from}/{@link #to}), so a test can audit just its own range in a shared database; the
 * generator first deletes whatever that range holds.
 *
 * <p>Line faults (missing, extra, amount, event outside the period) go to accounts without credits, so the credits
 * applied do not change with them; each faulty invoice stays self-consistent (charges are the sum of its lines,
 * total is charges minus credits), so each fault is exactly one discrepancy.
 */
public final class AuditDataGenerator {
    private static final String[] WEB_SIZES = {"basic", "standard-1x", "standard-2x", "performance-m"};
    private static final String[] WORKER_SIZES = {"standard-1x", "standard-2x"};
    private static final String[] PLANS = {"heroku-postgresql:essential-0", "heroku-postgresql:standard-0",
        "heroku-redis:mini"};
    private static final int CHUNK_ACCOUNTS = 1000;

    /** What to generate: {@code apps} per account, {@code faultsPerKind} of each discrepancy kind. */
    public record Spec(long seed, int accounts, int appsPerAccount, YearMonth period, int faultsPerKind) {
    }

    /** An injected fault: its kind, account, and where it is (line key, credit id, or invoice field). */
    public record Fault(Kind kind, UUID accountId, String where) {
    }

    /** What was written. */
    public record Dataset(Spec spec, UUID from, UUID to, long events, long invoices, long lines, long credits,
                          List<Fault> faults) {
        public Map<Kind, Long> faultCounts() {
            Map<Kind, Long> counts = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                counts.put(kind, 0L);
            }
            faults.forEach(f -> counts.merge(f.kind(), 1L, Long::sum));
            return counts;
        }
    }

    private final AuditPipeline.Connections connections;

    public AuditDataGenerator(AuditPipeline.Connections connections) {
        this.connections = connections;
    }

    public static UUID from(long seed) {
        return new UUID(tag(seed) << 32, 0L);
    }

    public static UUID to(long seed) {
        return new UUID((tag(seed) << 32) | 0xFFFF_FFFFL, -1L);
    }

    private static long tag(long seed) {
        return new SplittableRandom(seed).nextLong() >>> 32;
    }

    static UUID account(long seed, int index) {
        return new UUID((tag(seed) << 32) | index, new SplittableRandom(seed ^ index).nextLong());
    }

    /** Which location of a discrepancy a fault names: the line, else the credit, else the invoice field. */
    public static String where(Discrepancy d) {
        if (d.line() != null) {
            return d.line();
        }
        return d.creditId() != null ? d.creditId().toString() : d.field();
    }

    public Dataset generate(Spec spec) throws SQLException {
        Instant start = InvoiceCalculator.start(spec.period());
        Instant end = InvoiceCalculator.end(spec.period());
        UUID from = from(spec.seed());
        UUID to = to(spec.seed());
        // Every stride-th account is a candidate: spreads the faults over the range and leaves enough credited
        // candidates (1 in 10 accounts has credits) for the credit faults.
        Faults faults = new Faults(spec.faultsPerKind(),
                Math.max(1, spec.accounts() / Math.max(1, spec.faultsPerKind() * 20)));
        long[] counts = new long[4];
        try (Connection c = connections.open()) {
            c.setAutoCommit(true);
            deleteRange(c, from, to);
            PriceList prices = AuditData.prices(c);
            InvoiceCalculator calculator = new InvoiceCalculator(prices);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int first = 0; first < spec.accounts(); first += CHUNK_ACCOUNTS) {
                Rows rows = new Rows();
                int last = Math.min(spec.accounts(), first + CHUNK_ACCOUNTS);
                for (int i = first; i < last; i++) {
                    account(spec, i, start, end, calculator, prices, faults, rows);
                }
                rows.copy(copy);
                counts[0] += rows.eventCount;
                counts[1] += rows.invoiceCount;
                counts[2] += rows.lineCount;
                counts[3] += rows.creditCount;
            }
            try (Statement s = c.createStatement()) {
                for (String table : List.of("usage_events", "invoices", "invoice_lines", "credits", "credit_ledger")) {
                    s.execute("analyze billing." + table);
                }
            }
        }
        return new Dataset(spec, from, to, counts[0], counts[1], counts[2], counts[3], faults.injected);
    }

    private static void deleteRange(Connection c, UUID from, UUID to) throws SQLException {
        for (String sql : List.of(
                "delete from billing.invoice_lines where invoice_id in "
                        + "(select id from billing.invoices where account_id between ? and ?)",
                "delete from billing.invoices where account_id between ? and ?",
                "delete from billing.credit_ledger where account_id between ? and ?",
                "delete from billing.credits where account_id between ? and ?",
                "delete from billing.usage_events where account_id between ? and ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, from);
                ps.setObject(2, to);
                ps.executeUpdate();
            }
        }
    }

    private void account(Spec spec, int index, Instant start, Instant end, InvoiceCalculator calculator,
                         PriceList prices, Faults faults, Rows rows) {
        SplittableRandom r = new SplittableRandom(spec.seed() * 1_000_003L + index);
        UUID account = account(spec.seed(), index);
        long month = end.getEpochSecond() - start.getEpochSecond();
        List<UsageEvent> events = new ArrayList<>();
        for (int a = 0; a < spec.appsPerAccount(); a++) {
            String app = "app-" + index + "-" + a;
            // web: running since before the month (or from inside it), scaled 11 times, sometimes resized
            String size = WEB_SIZES[r.nextInt(WEB_SIZES.length)];
            events.add(new UsageEvent.Formation(start.minusSeconds(1 + r.nextLong(15 * 86_400L)), app, "web",
                    size, 1 + r.nextInt(3)));
            for (long t : instants(r, start, month, 11)) {
                if (r.nextInt(20) == 0) {
                    size = WEB_SIZES[r.nextInt(WEB_SIZES.length)];
                }
                events.add(new UsageEvent.Formation(Instant.ofEpochSecond(t), app, "web", size, r.nextInt(5)));
            }
            if (r.nextInt(5) < 4) {
                String worker = WORKER_SIZES[r.nextInt(WORKER_SIZES.length)];
                for (long t : instants(r, start, month, 5)) {
                    events.add(new UsageEvent.Formation(Instant.ofEpochSecond(t), app, "worker", worker,
                            r.nextInt(4)));
                }
            }
            if (r.nextInt(10) < 7) {
                String addon = "addon-" + index + "-" + a;
                long[] at = instants(r, start, month, 2);
                events.add(new UsageEvent.AddonAttach(Instant.ofEpochSecond(at[0]), app, addon,
                        PLANS[r.nextInt(PLANS.length)]));
                if (r.nextInt(5) == 0) {
                    events.add(new UsageEvent.AddonPlanChange(Instant.ofEpochSecond(at[1]), addon,
                            PLANS[r.nextInt(PLANS.length)]));
                }
            }
            if (r.nextInt(33) == 0) {
                events.add(new UsageEvent.AppDelete(Instant.ofEpochSecond(start.getEpochSecond() + month - 1
                        - r.nextLong(5 * 86_400L)), app));
            }
        }
        if (r.nextInt(10) == 0) {
            events.add(new UsageEvent.EcoSubscribe(start.minusSeconds(86_400L * (1 + r.nextInt(30)))));
            events.add(new UsageEvent.Formation(Instant.ofEpochSecond(instants(r, start, month, 1)[0]),
                    "app-" + index + "-0", "clock", "eco", 1));
        }
        // Ingestion order is time order here; a stable sort keeps the order of equal instants.
        events.sort(Comparator.comparing(UsageEvent::at));

        List<CreditLot> lots = new ArrayList<>();
        List<Object[]> ledger = new ArrayList<>();
        if (r.nextInt(10) == 0) {
            int n = 1 + r.nextInt(2);
            for (int k = 0; k < n; k++) {
                UUID credit = new UUID(account.getMostSignificantBits() ^ 0x5A5A_0000_0000_0000L ^ k,
                        account.getLeastSignificantBits());
                long amount = 500 + r.nextLong(20_000);
                Instant granted = start.minusSeconds(86_400L * (1 + r.nextInt(60)));
                Instant expires = switch (r.nextInt(4)) {
                    case 0 -> null;
                    case 1 -> end;
                    default -> end.plusSeconds(86_400L * (1 + r.nextInt(90)));
                };
                long before = amount;
                rows.credit(credit, account, amount, granted, expires);
                ledger.add(new Object[]{credit, "grant", amount, null, granted});
                if (r.nextInt(3) == 0) {
                    long spent = 1 + r.nextLong(amount - 1);
                    before -= spent;
                    ledger.add(new Object[]{credit, "consume", spent, null, start});
                }
                lots.add(new CreditLot(credit.toString(), granted, expires, before));
            }
        }

        CalculatedInvoice calculated = calculator.calculate(events, spec.period(), lots);
        List<InvoiceLine> lines = new ArrayList<>(calculated.lines());
        long charges = calculated.chargesTotal();
        long creditsTotal = calculated.creditsTotal();
        long total = calculated.total();
        Map<String, Long> applied = new LinkedHashMap<>();
        calculated.creditsApplied().forEach(a -> applied.put(a.creditId(), a.amountCents()));

        Kind fault = faults.next(index, !lots.isEmpty(), !lines.isEmpty(), creditsTotal > 0);
        if (fault != null) {
            String where;
            switch (fault) {
                case MISSING_LINE -> {
                    InvoiceLine dropped = lines.remove(r.nextInt(lines.size()));
                    charges -= dropped.amountCents();
                    where = LineKeys.of(dropped);
                }
                case EXTRA_LINE -> {
                    InvoiceLine extra = new InvoiceLine(InvoiceLine.DYNO, "ghost-" + index, "web", "basic", null,
                            null, 3600, 1);
                    lines.add(extra);
                    charges += extra.amountCents();
                    where = LineKeys.of(extra);
                }
                case AMOUNT_DIFFERS -> {
                    int i = r.nextInt(lines.size());
                    InvoiceLine l = lines.get(i);
                    long delta = 1 + r.nextInt(500);
                    lines.set(i, new InvoiceLine(l.type(), l.app(), l.processType(), l.size(), l.addonId(),
                            l.plan(), l.seconds(), l.amountCents() + delta));
                    charges += delta;
                    where = LineKeys.of(l);
                }
                case EVENT_OUTSIDE_PERIOD -> {
                    // A formation of the next month, counted into this one.
                    String app = "app-" + index + "-0";
                    events.add(new UsageEvent.Formation(end.plusSeconds(86_400L * (1 + r.nextInt(20))), app, "late",
                            "standard-1x", 1));
                    InvoiceLine late = new InvoiceLine(InvoiceLine.DYNO, app, "late", "standard-1x", null, null,
                            86_400, 83);
                    lines.add(late);
                    charges += late.amountCents();
                    where = LineKeys.of(late);
                }
                case TOTAL_DIFFERS -> {
                    total += 1 + r.nextInt(999);
                    where = "total";
                }
                default -> {
                    String credit = applied.keySet().iterator().next();
                    long taken = applied.get(credit);
                    long delta = 1 + r.nextLong(taken);
                    applied.put(credit, taken - delta);
                    creditsTotal -= delta;
                    where = credit;
                }
            }
            if (fault != Kind.TOTAL_DIFFERS) {
                total = charges - creditsTotal;
            }
            faults.injected.add(new Fault(fault, account, where));
        }

        for (UsageEvent event : events) {
            rows.event(spec.seed(), account, event);
        }
        UUID invoiceId = null;
        if (!calculated.lines().isEmpty()) {
            invoiceId = new UUID(account.getMostSignificantBits() ^ 0x1F00_0000_0000_0000L,
                    account.getLeastSignificantBits());
            rows.invoice(invoiceId, account, spec.period(), start, end, charges, creditsTotal, total, lines);
        }
        for (Object[] row : ledger) {
            rows.ledger(account, (UUID) row[0], (String) row[1], (Long) row[2], (UUID) row[3], (Instant) row[4]);
        }
        for (Map.Entry<String, Long> credit : applied.entrySet()) {
            if (credit.getValue() > 0) {
                rows.ledger(account, UUID.fromString(credit.getKey()), "consume", credit.getValue(), invoiceId, end);
            }
        }
        for (AppliedCredit expired : calculated.creditsExpired()) {
            rows.ledger(account, UUID.fromString(expired.creditId()), "expire", expired.amountCents(), null, end);
        }
    }

    /** {@code n} instants inside the month, ascending. */
    private static long[] instants(SplittableRandom r, Instant start, long monthSeconds, int n) {
        long[] at = new long[n];
        for (int i = 0; i < n; i++) {
            at[i] = start.getEpochSecond() + r.nextLong(monthSeconds);
        }
        Arrays.sort(at);
        return at;
    }

    /** Picks which candidate account gets which fault: kinds in turn, each until it has its count. */
    private static final class Faults {
        private final int perKind;
        private final int stride;
        private final int[] done = new int[Kind.values().length];
        private final List<Fault> injected = new ArrayList<>();
        private int turn;

        Faults(int perKind, int stride) {
            this.perKind = perKind;
            this.stride = stride;
        }

        Kind next(int index, boolean hasCredits, boolean hasLines, boolean creditsApplied) {
            if (index % stride != 0 || !hasLines) {
                return null;
            }
            // Credited accounts are the scarce ones: they take credit faults first.
            if (creditsApplied && done[Kind.CREDIT_MISAPPLIED.ordinal()] < perKind) {
                done[Kind.CREDIT_MISAPPLIED.ordinal()]++;
                return Kind.CREDIT_MISAPPLIED;
            }
            Kind[] kinds = Kind.values();
            for (int tries = 0; tries < kinds.length; tries++) {
                Kind kind = kinds[(turn + tries) % kinds.length];
                boolean fits = switch (kind) {
                    case CREDIT_MISAPPLIED -> false;
                    case TOTAL_DIFFERS -> true;
                    default -> !hasCredits;
                };
                if (fits && done[kind.ordinal()] < perKind) {
                    done[kind.ordinal()]++;
                    turn = kind.ordinal() + 1;
                    return kind;
                }
            }
            return null;
        }
    }

    /** One chunk's rows in COPY text format. */
    private static final class Rows {
        private final StringBuilder events = new StringBuilder(1 << 20);
        private final StringBuilder invoices = new StringBuilder(1 << 16);
        private final StringBuilder lines = new StringBuilder(1 << 18);
        private final StringBuilder credits = new StringBuilder(1 << 12);
        private final StringBuilder ledger = new StringBuilder(1 << 12);
        private long eventCount;
        private long invoiceCount;
        private long lineCount;
        private long creditCount;
        private int eventSeq;

        void event(long seed, UUID account, UsageEvent e) {
            eventCount++;
            String id = "gen-" + seed + "-" + account + "-" + eventSeq++;
            if (e instanceof UsageEvent.Formation f) {
                row(events, id, account, "formation", f.at(), f.app(), f.processType(), f.size(), f.quantity(), null,
                        null);
            } else if (e instanceof UsageEvent.AddonAttach a) {
                row(events, id, account, "addon_attach", a.at(), a.app(), null, null, null, a.addonId(), a.plan());
            } else if (e instanceof UsageEvent.AddonPlanChange c) {
                row(events, id, account, "addon_plan_change", c.at(), null, null, null, null, c.addonId(), c.plan());
            } else if (e instanceof UsageEvent.AppDelete d) {
                row(events, id, account, "app_delete", d.at(), d.app(), null, null, null, null, null);
            } else if (e instanceof UsageEvent.EcoSubscribe s) {
                row(events, id, account, "eco_subscribe", s.at(), null, null, null, null, null, null);
            } else {
                throw new IllegalArgumentException("The generator does not make " + e);
            }
        }

        void invoice(UUID id, UUID account, YearMonth period, Instant start, Instant end, long charges,
                     long creditsTotal, long total, List<InvoiceLine> invoiceLines) {
            invoiceCount++;
            row(invoices, id, account, period.atDay(1), start, end, charges, creditsTotal, total,
                    total == 0 ? "paid" : "pending");
            int ordinal = 0;
            for (InvoiceLine l : invoiceLines) {
                lineCount++;
                row(lines, id, ordinal++, l.type(), l.app(), l.processType(), l.size(), l.addonId(), l.plan(),
                        l.seconds(), l.amountCents());
            }
        }

        void credit(UUID id, UUID account, long amount, Instant granted, Instant expires) {
            creditCount++;
            row(credits, id, account, amount, granted, expires, "audit dataset");
        }

        void ledger(UUID account, UUID credit, String kind, long amount, UUID invoice, Instant at) {
            row(ledger, account, credit, kind, amount, invoice, at);
        }

        private static void row(StringBuilder out, Object... values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.append('\t');
                }
                out.append(values[i] == null ? "\\N" : values[i].toString());
            }
            out.append('\n');
        }

        void copy(CopyManager copy) throws SQLException {
            copy(copy, "billing.usage_events (event_id, account_id, type, at, app, process_type, size, quantity, "
                    + "addon_id, plan)", events);
            copy(copy, "billing.invoices (id, account_id, period, period_start, period_end, charges_total, "
                    + "credits_total, total, state)", invoices);
            copy(copy, "billing.invoice_lines (invoice_id, ordinal, type, app, process_type, size, addon_id, plan, "
                    + "seconds, amount_cents)", lines);
            copy(copy, "billing.credits (id, account_id, amount_cents, granted_at, expires_at, title)", credits);
            copy(copy, "billing.credit_ledger (account_id, credit_id, kind, amount_cents, invoice_id, at)", ledger);
        }

        private static void copy(CopyManager copy, String target, StringBuilder rows) throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            try {
                copy.copyIn("copy " + target + " from stdin", new StringReader(rows.toString()));
            } catch (IOException e) {
                throw new SQLException("COPY into " + target + " failed", e);
            }
        }
    }

    /**
     * {@code AuditDataGenerator <jdbc-url> <user> <password> <seed> <accounts> <apps-per-account> <YYYY-MM>
     * <faults-per-kind>}: generates a dataset and prints its size and the range of its accounts.
     */
    public static void main(String[] args) throws SQLException {
        if (args.length != 8) {
            System.err.println("usage: AuditDataGenerator <jdbc-url> <user> <password> <seed> <accounts> "
                    + "<apps-per-account> <YYYY-MM> <faults-per-kind>");
            System.exit(2);
        }
        Spec spec = new Spec(Long.parseLong(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                YearMonth.parse(args[6]), Integer.parseInt(args[7]));
        long started = System.nanoTime();
        Dataset d = new AuditDataGenerator(() -> DriverManager.getConnection(args[0], args[1], args[2]))
                .generate(spec);
        System.out.printf("generated %,d accounts, %,d usage events, %,d invoices, %,d lines, %,d credits, faults %s "
                        + "in %.1f s; accounts %s..%s%n", spec.accounts(), d.events(), d.invoices(), d.lines(),
                d.credits(), d.faultCounts(), (System.nanoTime() - started) / 1e9, d.from(), d.to());
    }
}
