package io.stratus.billing.invoice;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.stratus.billing.BillingConfig;
import io.stratus.billing.Sql;
import io.stratus.billing.calculator.CalculatedInvoice;
import io.stratus.billing.calculator.CalculatedInvoice.AppliedCredit;
import io.stratus.billing.calculator.CreditLot;
import io.stratus.billing.calculator.InvoiceCalculator;
import io.stratus.billing.calculator.InvoiceLine;
import io.stratus.billing.calculator.UsageEvent;
import io.stratus.billing.credit.CreditService;
import io.stratus.billing.metering.UsageService;
import io.stratus.billing.price.PriceService;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The month-end invoice run (rule 9). Accounts go in batches, one transaction each: the batch's account rows are
 * locked, so a second run (another instance, or the scheduler racing the endpoint) waits and then finds the
 * months finalized; the unique (account, period) constraint is the backstop. Each account's open months are
 * finalized oldest first, so credits carry over in order.
 */
@ApplicationScoped
public class InvoiceRunService {
    private static final Logger LOG = Logger.getLogger(InvoiceRunService.class);

    private final Sql sql;
    private final UsageService usage;
    private final CreditService credits;
    private final PriceService prices;
    private final BillingConfig config;
    private final Clock clock;

    InvoiceRunService(Sql sql, UsageService usage, CreditService credits, PriceService prices, BillingConfig config,
                      Clock clock) {
        this.sql = sql;
        this.usage = usage;
        this.credits = credits;
        this.prices = prices;
        this.config = config;
        this.clock = clock;
    }

    /** What one run did. */
    public record RunResult(String period, int accounts, int invoices, long millis) {
    }

    public RunResult run(YearMonth period) {
        Instant end = InvoiceCalculator.end(period);
        if (end.isAfter(clock.instant())) {
            throw ApiException.invalid("Period " + period + " has not ended yet; months are billed in arrears.");
        }
        long started = System.nanoTime();
        InvoiceCalculator calculator = new InvoiceCalculator(prices.current());
        List<UUID> accounts = QuarkusTransaction.requiringNew().call(
                () -> usage.accountsToInvoice(end, period.atDay(1)));
        int batchSize = config.invoiceBatchSize();
        int done = 0;
        int invoices = 0;
        for (int from = 0; from < accounts.size(); from += batchSize) {
            UUID[] batch = accounts.subList(from, Math.min(accounts.size(), from + batchSize)).toArray(UUID[]::new);
            invoices += QuarkusTransaction.requiringNew().call(() -> invoiceBatch(batch, period, calculator));
            done += batch.length;
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.infof("invoice run %s: %d/%d accounts, %d invoices, %.0f accounts/s", period, done, accounts.size(),
                    invoices, done / Math.max(seconds, 1e-3));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("invoice run %s finished: %d accounts, %d invoices in %d ms", period, accounts.size(), invoices,
                millis);
        return new RunResult(period.toString(), accounts.size(), invoices, millis);
    }

    private int invoiceBatch(UUID[] batch, YearMonth period, InvoiceCalculator calculator) throws SQLException {
        Instant end = InvoiceCalculator.end(period);
        sql.update("insert into billing.accounts (account_id) select unnest(?) on conflict do nothing",
                (Object) batch);
        Map<UUID, LocalDate> finalized = new HashMap<>();
        List<UUID> open = new ArrayList<>();
        sql.list("""
                select account_id, finalized_through from billing.accounts where account_id = any(?)
                order by account_id for update""", rs -> {
            LocalDate through = rs.getObject(2, LocalDate.class);
            if (through == null || through.isBefore(period.atDay(1))) {
                UUID account = rs.getObject(1, UUID.class);
                open.add(account);
                finalized.put(account, through);
            }
            return null;
        }, (Object) batch);
        if (open.isEmpty()) {
            return 0;
        }
        UUID[] accounts = open.toArray(UUID[]::new);
        Map<UUID, List<UsageEvent>> history = usage.history(accounts, end);
        Map<UUID, List<CreditLot>> lots = credits.lots(accounts);
        Batch out = new Batch();
        for (UUID account : accounts) {
            List<UsageEvent> events = history.get(account);
            if (events.isEmpty()) {
                continue;
            }
            LocalDate through = finalized.get(account);
            YearMonth month = through != null ? YearMonth.from(through).plusMonths(1)
                    : YearMonth.from(events.get(0).at().atOffset(ZoneOffset.UTC));
            List<CreditLot> accountLots = lots.getOrDefault(account, List.of());
            for (; !month.isAfter(period); month = month.plusMonths(1)) {
                CalculatedInvoice invoice = calculator.calculate(events, month, accountLots);
                accountLots = invoice.lotsAfter();
                out.add(account, invoice);
            }
        }
        out.write(sql);
        sql.update("update billing.accounts set finalized_through = ?, updated_at = now() where account_id = any(?)",
                period.atDay(1), accounts);
        return out.invoiceIds.size();
    }

    /** Rows of one batch, written with one {@code unnest} insert per table. */
    private static final class Batch {
        final List<UUID> invoiceIds = new ArrayList<>();
        final List<UUID> invoiceAccounts = new ArrayList<>();
        final List<String> periods = new ArrayList<>();
        final List<Long> charges = new ArrayList<>();
        final List<Long> creditTotals = new ArrayList<>();
        final List<Long> totals = new ArrayList<>();
        final List<String> states = new ArrayList<>();
        final List<UUID> lineInvoices = new ArrayList<>();
        final List<Integer> ordinals = new ArrayList<>();
        final List<String> types = new ArrayList<>();
        final List<String> apps = new ArrayList<>();
        final List<String> processTypes = new ArrayList<>();
        final List<String> sizes = new ArrayList<>();
        final List<String> addonIds = new ArrayList<>();
        final List<String> plans = new ArrayList<>();
        final List<Long> seconds = new ArrayList<>();
        final List<Long> amounts = new ArrayList<>();
        final List<UUID> ledgerAccounts = new ArrayList<>();
        final List<UUID> ledgerCredits = new ArrayList<>();
        final List<String> ledgerKinds = new ArrayList<>();
        final List<Long> ledgerAmounts = new ArrayList<>();
        final List<UUID> ledgerInvoices = new ArrayList<>();
        final List<String> ledgerAt = new ArrayList<>();

        void add(UUID account, CalculatedInvoice invoice) {
            String at = InvoiceCalculator.end(invoice.period()).toString();
            UUID invoiceId = null;
            // A month without lines gets no invoice, but its credits still expire on time.
            if (!invoice.lines().isEmpty()) {
                invoiceId = UUID.randomUUID();
                invoiceIds.add(invoiceId);
                invoiceAccounts.add(account);
                periods.add(invoice.period().atDay(1).toString());
                charges.add(invoice.chargesTotal());
                creditTotals.add(invoice.creditsTotal());
                totals.add(invoice.total());
                states.add(invoice.total() == 0 ? "paid" : "pending");
                int ordinal = 0;
                for (InvoiceLine line : invoice.lines()) {
                    lineInvoices.add(invoiceId);
                    ordinals.add(ordinal++);
                    types.add(line.type());
                    apps.add(line.app());
                    processTypes.add(line.processType());
                    sizes.add(line.size());
                    addonIds.add(line.addonId());
                    plans.add(line.plan());
                    seconds.add(line.seconds());
                    amounts.add(line.amountCents());
                }
            }
            for (AppliedCredit credit : invoice.creditsApplied()) {
                ledger(account, credit, "consume", invoiceId, at);
            }
            for (AppliedCredit credit : invoice.creditsExpired()) {
                ledger(account, credit, "expire", null, at);
            }
        }

        private void ledger(UUID account, AppliedCredit credit, String kind, UUID invoiceId, String at) {
            ledgerAccounts.add(account);
            ledgerCredits.add(UUID.fromString(credit.creditId()));
            ledgerKinds.add(kind);
            ledgerAmounts.add(credit.amountCents());
            ledgerInvoices.add(invoiceId);
            ledgerAt.add(at);
        }

        void write(Sql sql) throws SQLException {
            try (Connection c = sql.connection()) {
                if (!invoiceIds.isEmpty()) {
                    execute(c, """
                            insert into billing.invoices (id, account_id, period, period_start, period_end,
                                charges_total, credits_total, total, state)
                            select i, a, p::date, p::timestamp at time zone 'UTC',
                                   (p::date + interval '1 month')::timestamp at time zone 'UTC', ch, cr, t, s
                            from unnest(?::uuid[], ?::uuid[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[],
                                        ?::text[]) as x(i, a, p, ch, cr, t, s)""",
                            array(c, "uuid", invoiceIds), array(c, "uuid", invoiceAccounts), array(c, "text", periods),
                            array(c, "bigint", charges), array(c, "bigint", creditTotals), array(c, "bigint", totals),
                            array(c, "text", states));
                    execute(c, """
                            insert into billing.invoice_lines (invoice_id, ordinal, type, app, process_type, size,
                                addon_id, plan, seconds, amount_cents)
                            select * from unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],
                                                 ?::text[], ?::text[], ?::bigint[], ?::bigint[])""",
                            array(c, "uuid", lineInvoices), array(c, "int4", ordinals), array(c, "text", types),
                            array(c, "text", apps), array(c, "text", processTypes), array(c, "text", sizes),
                            array(c, "text", addonIds), array(c, "text", plans), array(c, "bigint", seconds),
                            array(c, "bigint", amounts));
                }
                if (!ledgerAccounts.isEmpty()) {
                    execute(c, """
                            insert into billing.credit_ledger
                                (account_id, credit_id, kind, amount_cents, invoice_id, at)
                            select a, cr, k, am, i, t::timestamptz
                            from unnest(?::uuid[], ?::uuid[], ?::text[], ?::bigint[], ?::uuid[], ?::text[])
                                as x(a, cr, k, am, i, t)""",
                            array(c, "uuid", ledgerAccounts), array(c, "uuid", ledgerCredits),
                            array(c, "text", ledgerKinds), array(c, "bigint", ledgerAmounts),
                            array(c, "uuid", ledgerInvoices), array(c, "text", ledgerAt));
                }
            }
        }

        private static java.sql.Array array(Connection c, String type, List<?> values) throws SQLException {
            return c.createArrayOf(type, values.toArray());
        }

        private static void execute(Connection c, String statement, Object... arrays) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                for (int i = 0; i < arrays.length; i++) {
                    ps.setObject(i + 1, arrays[i]);
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                throw Sql.translate(e);
            }
        }
    }
}
