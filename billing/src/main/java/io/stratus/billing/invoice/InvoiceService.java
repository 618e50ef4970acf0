package io.stratus.billing.invoice;

import io.stratus.billing.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads invoices; they are written only by the invoice run and change only their payment state. */
@ApplicationScoped
public class InvoiceService {
    private static final String COLUMNS = """
            select id, number, period, period_start, period_end, charges_total, credits_total, total, state,
                   created_at, updated_at, account_id from billing.invoices""";

    private final Sql sql;

    InvoiceService(Sql sql) {
        this.sql = sql;
    }

    public List<InvoiceResponse> list(UUID accountId) {
        return sql.list(COLUMNS + " where account_id = ? order by period", InvoiceService::row, accountId);
    }

    public Optional<InvoiceResponse> byNumber(UUID accountId, long number) {
        return sql.one(COLUMNS + " where account_id = ? and number = ?", InvoiceService::row, accountId, number)
                .map(invoice -> invoice.withLines(lines(invoice.id())));
    }

    /** The owner of an invoice and its total, for charging it. */
    public record Billable(UUID id, UUID accountId, long total, String state) {
    }

    public Optional<Billable> billable(UUID invoiceId) {
        return sql.one("select id, account_id, total, state from billing.invoices where id = ?",
                rs -> new Billable(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3),
                        rs.getString(4)), invoiceId);
    }

    public void setState(UUID invoiceId, String state) {
        sql.update("update billing.invoices set state = ?, updated_at = now() where id = ?", state, invoiceId);
    }

    List<LineResponse> lines(UUID invoiceId) {
        return sql.list("""
                select type, app, process_type, size, addon_id, plan, seconds, amount_cents
                from billing.invoice_lines where invoice_id = ? order by ordinal""",
                rs -> new LineResponse(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8)), invoiceId);
    }

    private static InvoiceResponse row(ResultSet rs) throws SQLException {
        return new InvoiceResponse(rs.getObject(1, UUID.class), rs.getLong(2),
                YearMonth.from(rs.getObject(3, LocalDate.class)).toString(), Sql.instant(rs, 4), Sql.instant(rs, 5),
                rs.getLong(6), rs.getLong(7), rs.getLong(8), "USD", rs.getString(9), Sql.instant(rs, 10),
                Sql.instant(rs, 11), null);
    }
}
