package io.stratus.billing.audit;

import io.stratus.billing.audit.Discrepancy.Kind;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows of {@code billing.audit_runs} and {@code billing.audit_discrepancies} in plain JDBC, so the endpoint and
 * the command line share them. Every method works in the caller's connection and transaction.
 */
public final class AuditRuns {
    private AuditRuns() {
    }

    /** A run as stored: its scope, state and checkpoint. */
    public record Run(UUID id, YearMonth period, String state, UUID accountFrom, UUID accountTo, UUID lastAccount,
                      long accountsDone, long rowsDone, Long rowsTotal, long discrepancies, String error,
                      Instant startedAt, Instant updatedAt, Instant finishedAt) {
    }

    public static UUID create(Connection c, YearMonth period, UUID accountFrom, UUID accountTo) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into billing.audit_runs (id, period, state, account_from, account_to)
                values (?, ?, 'running', ?, ?)""")) {
            ps.setObject(1, id);
            ps.setObject(2, period.atDay(1));
            ps.setObject(3, accountFrom);
            ps.setObject(4, accountTo);
            ps.executeUpdate();
        }
        return id;
    }

    public static Optional<Run> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select id, period, state, account_from, account_to, last_account, accounts_done, rows_done,
                       rows_total, discrepancies, error, started_at, updated_at, finished_at
                from billing.audit_runs where id = ?""")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Run(rs.getObject(1, UUID.class),
                        YearMonth.from(rs.getObject(2, LocalDate.class)), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getObject(6, UUID.class),
                        rs.getLong(7), rs.getLong(8), (Long) rs.getObject(9), rs.getLong(10), rs.getString(11),
                        instant(rs, 12), instant(rs, 13), instant(rs, 14)));
            }
        }
    }

    /** Claims a run that is not running (stopped, failed, or left running by a crashed process) for a resume. */
    public static boolean claim(Connection c, UUID id, boolean includeRunning) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update billing.audit_runs set state = 'running', error = null, finished_at = null, updated_at = now()
                where id = ? and state in ('stopped', 'failed'""" + (includeRunning ? ", 'running')" : ")"))) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** The checkpoint: every account up to {@code lastAccount} is audited and its discrepancies stored. */
    static void checkpoint(Connection c, UUID id, UUID lastAccount, long accountsDone, long rowsDone,
                           long discrepancies, Long rowsTotal) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update billing.audit_runs set last_account = coalesce(?, last_account), accounts_done = ?,
                    rows_done = ?, discrepancies = ?, rows_total = ?, updated_at = now() where id = ?""")) {
            ps.setObject(1, lastAccount);
            ps.setLong(2, accountsDone);
            ps.setLong(3, rowsDone);
            ps.setLong(4, discrepancies);
            if (rowsTotal == null) {
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setLong(5, rowsTotal);
            }
            ps.setObject(6, id);
            ps.executeUpdate();
        }
    }

    static void finish(Connection c, UUID id, String state, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update billing.audit_runs set state = ?, error = ?, updated_at = now(),
                    finished_at = case when ? = 'completed' then now() end where id = ?""")) {
            ps.setString(1, state);
            ps.setString(2, error);
            ps.setString(3, state);
            ps.setObject(4, id);
            ps.executeUpdate();
        }
    }

    public static Map<Kind, Long> counts(Connection c, UUID id) throws SQLException {
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0L);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select kind, count(*) from billing.audit_discrepancies where run_id = ? group by kind")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(Kind.of(rs.getString(1)), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Writes the run's discrepancies as JSON lines in the order found, through a cursor (constant memory). */
    public static long writeReport(Connection c, UUID id, Writer out) throws SQLException, IOException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        long lines = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                select kind, account_id, invoice_id, invoice_number, line, credit_id, field, expected_cents,
                       actual_cents
                from billing.audit_discrepancies where run_id = ? order by seq""")) {
            ps.setFetchSize(1000);
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.write(new Discrepancy(Kind.of(rs.getString(1)), rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class), (Long) rs.getObject(4), rs.getString(5),
                            rs.getObject(6, UUID.class), rs.getString(7), (Long) rs.getObject(8),
                            (Long) rs.getObject(9)).toJson());
                    out.write('\n');
                    lines++;
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
        out.flush();
        return lines;
    }

    static void insert(PreparedStatement ps, UUID runId, long seq, Discrepancy d) throws SQLException {
        ps.setObject(1, runId);
        ps.setLong(2, seq);
        ps.setString(3, d.kind().id());
        ps.setObject(4, d.accountId());
        ps.setObject(5, d.invoiceId());
        ps.setObject(6, d.invoiceNumber());
        ps.setString(7, d.line());
        ps.setObject(8, d.creditId());
        ps.setString(9, d.field());
        ps.setObject(10, d.expectedCents());
        ps.setObject(11, d.actualCents());
        ps.addBatch();
    }

    static final String INSERT = """
            insert into billing.audit_discrepancies (run_id, seq, kind, account_id, invoice_id, invoice_number, line,
                credit_id, field, expected_cents, actual_cents) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
