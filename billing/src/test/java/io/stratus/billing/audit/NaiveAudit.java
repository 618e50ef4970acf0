package io.stratus.billing.audit;

import io.stratus.billing.audit.AccountMonth.PersistedInvoice;
import io.stratus.billing.calculator.CreditLot;
import io.stratus.billing.calculator.InvoiceCalculator;
import io.stratus.billing.calculator.InvoiceLine;
import io.stratus.billing.calculator.PriceList;
import io.stratus.billing.calculator.UsageEvent;
import io.stratus.billing.metering.UsageEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The naive baseline of bench/audit: one thread, three queries per account, the same comparer. What a first
 * version of an audit would do; kept in the tests so the benchmark measures the streaming audit against it.
 */
public final class NaiveAudit {
    private final Connection c;
    private final YearMonth period;
    private final AccountAuditor auditor;
    private long rows;

    public NaiveAudit(Connection c, YearMonth period) throws SQLException {
        this.c = c;
        this.period = period;
        this.auditor = new AccountAuditor(new InvoiceCalculator(prices(c)), period);
    }

    public static PriceList prices(Connection c) throws SQLException {
        return AuditData.prices(c);
    }

    /** Rows read so far. */
    public long rows() {
        return rows;
    }

    /** The accounts with usage in the range, in order (the first query of the baseline). */
    public List<UUID> accounts(UUID from, UUID to) throws SQLException {
        List<UUID> accounts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select distinct account_id from billing.usage_events where account_id between ? and ?
                order by account_id""")) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    accounts.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return accounts;
    }

    public List<Discrepancy> audit(UUID account) throws SQLException {
        Instant start = InvoiceCalculator.start(period);
        Instant end = InvoiceCalculator.end(period);
        List<UsageEvent> history = new ArrayList<>();
        Set<String> outside = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select type, at, app, process_type, size, quantity, addon_id, plan from billing.usage_events
                where account_id = ? and at < ? order by at, seq""")) {
            ps.setObject(1, account);
            ps.setObject(2, InvoiceCalculator.end(period.plusMonths(1)).atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    Instant at = rs.getObject(2, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.SECONDS);
                    UsageEvent event = UsageEvents.of(rs.getString(1), at, rs.getString(3), rs.getString(4),
                            rs.getString(5), (Integer) rs.getObject(6), rs.getString(7), rs.getString(8));
                    if (at.isBefore(end)) {
                        history.add(event);
                    }
                    if ((at.isBefore(start) || !at.isBefore(end)) && LineKeys.fedBy(event) != null) {
                        outside.add(LineKeys.fedBy(event));
                    }
                }
            }
        }
        PersistedInvoice invoice = null;
        try (PreparedStatement ps = c.prepareStatement("""
                select i.id, i.number, i.charges_total, i.credits_total, i.total, l.type, l.app, l.process_type,
                       l.size, l.addon_id, l.plan, l.seconds, l.amount_cents
                from billing.invoices i left join billing.invoice_lines l on l.invoice_id = i.id
                where i.account_id = ? and i.period = ? order by l.ordinal""")) {
            ps.setObject(1, account);
            ps.setObject(2, period.atDay(1));
            try (ResultSet rs = ps.executeQuery()) {
                List<InvoiceLine> lines = new ArrayList<>();
                while (rs.next()) {
                    rows++;
                    if (invoice == null) {
                        invoice = new PersistedInvoice(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3),
                                rs.getLong(4), rs.getLong(5), lines);
                    }
                    if (rs.getString(6) != null) {
                        lines.add(new InvoiceLine(rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getString(9), rs.getString(10), rs.getString(11), rs.getLong(12),
                                rs.getLong(13)));
                    }
                }
            }
        }
        List<CreditLot> lots = new ArrayList<>();
        Map<String, Long> consumed = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select c.id, c.granted_at, c.expires_at,
                       c.amount_cents - coalesce(sum(l.amount_cents) filter (
                           where l.kind <> 'grant' and l.at < ?), 0),
                       coalesce(sum(l.amount_cents) filter (where l.kind = 'consume' and l.at = ?), 0)
                from billing.credits c left join billing.credit_ledger l on l.credit_id = c.id
                where c.account_id = ? and c.granted_at < ? group by c.id order by c.granted_at, c.id""")) {
            OffsetDateTime e = end.atOffset(ZoneOffset.UTC);
            ps.setObject(1, e);
            ps.setObject(2, e);
            ps.setObject(3, account);
            ps.setObject(4, e);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    OffsetDateTime expires = rs.getObject(3, OffsetDateTime.class);
                    String id = rs.getObject(1, UUID.class).toString();
                    lots.add(new CreditLot(id, rs.getObject(2, OffsetDateTime.class).toInstant(),
                            expires == null ? null : expires.toInstant(), rs.getLong(4)));
                    if (rs.getLong(5) > 0) {
                        consumed.put(id, rs.getLong(5));
                    }
                }
            }
        }
        return auditor.audit(new AccountMonth(account, history, outside, invoice, lots, consumed, 0));
    }
}
