package io.stratus.billing.audit;

import io.stratus.billing.audit.AccountMonth.PersistedInvoice;
import io.stratus.billing.audit.Discrepancy.Kind;
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
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.postgresql.PGStatement;

/**
 * The streaming audit of one month (spec/billing.md "Audit", issue 9), in stages joined by bounded queues:
 *
 * <pre>
 * usage reader  --\
 * invoice reader --+--> merge by account --> [chunks of accounts] --> calculator + comparer (N threads)
 * credit reader --/                                                        |
 *                        report writer + checkpoint (this thread) <--------/  (in account order)
 * </pre>
 *
 * Readers hold one server-side cursor each (fixed fetch size, ordered by account, one shared snapshot) and hand
 * rows on in batches through {@link ArrayBlockingQueue}s; the merger builds one account's month at a time and
 * submits chunks whose futures wait, in order, in a bounded queue. A full queue blocks the stage before it, so a
 * slow writer slows the readers: memory is the queues' capacity whatever the data size. Plain
 * {@code java.util.concurrent} because the graph is fixed and small, the order of accounts must hold end to end for
 * the checkpoint, and a reactive library would add a dependency for four queues.
 *
 * <p>The writer stores discrepancies and the checkpoint (last completed account, counts) in one transaction, so a
 * run that dies between checkpoints resumes after the last committed account and reports each account once.
 */
public final class AuditPipeline {
    private static final Logger LOG = Logger.getLogger(AuditPipeline.class);
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*(\\d+)");

    /** Opens a JDBC connection to the billing database; the pipeline closes what it opens. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    /**
     * Fixed buffers and pacing. {@code maxRowsPerSecond} 0 means unthrottled; an operator may throttle a run so it
     * leaves the database to the day's work.
     */
    public record Settings(int fetchSize, int batchRows, int queueBatches, int accountsPerChunk, int workers,
                           int checkpointAccounts, Duration checkpointEvery, Duration progressEvery,
                           long maxRowsPerSecond) {
        public static Settings defaults() {
            // 5,000-row fetches and 1,000-row batches: larger ones stopped helping in bench/audit.
            return new Settings(5000, 1000, 8, 250, Runtime.getRuntime().availableProcessors(), 20_000,
                    Duration.ofSeconds(2), Duration.ofSeconds(5), 0);
        }

        public Settings withMaxRowsPerSecond(long rate) {
            return new Settings(fetchSize, batchRows, queueBatches, accountsPerChunk, workers, checkpointAccounts,
                    checkpointEvery, progressEvery, rate);
        }

        public Settings withCheckpointAccounts(int accounts) {
            return new Settings(fetchSize, batchRows, queueBatches, Math.min(accountsPerChunk, accounts), workers,
                    accounts, checkpointEvery, progressEvery, maxRowsPerSecond);
        }
    }

    /** Where a run stands; {@code eta} is null until there is a rate and an estimate of the rows. */
    public record Progress(UUID runId, long accountsDone, long rowsDone, Long rowsTotal, double rowsPerSecond,
                           Duration eta, long discrepancies) {
        @Override
        public String toString() {
            return String.format("audit %s: %,d accounts, %,d rows done%s, %,.0f rows/s, ETA %s, %,d discrepancies",
                    runId, accountsDone, rowsDone, rowsTotal == null ? "" : String.format(" of ~%,d", rowsTotal),
                    rowsPerSecond, eta == null ? "?" : eta.truncatedTo(ChronoUnit.SECONDS).toString().substring(2),
                    discrepancies);
        }
    }

    /** Told at each checkpoint what was added since the last one (for metrics) and where the run stands. */
    public interface Listener {
        void checkpointed(Progress progress, long accounts, long rows, Map<Kind, Long> found);
    }

    /** How a run ended: completed, or stopped on request (its checkpoint allows a resume). */
    public record Outcome(String state, Progress progress) {
    }

    private final Connections connections;
    private final PriceList prices;
    private final Settings settings;
    private final Listener listener;

    public AuditPipeline(Connections connections, PriceList prices, Settings settings, Listener listener) {
        this.connections = connections;
        this.prices = prices;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Runs (or resumes) a stored run from its checkpoint to the end of its range, or until {@code stop} is set.
     * Failures mark the run failed and are rethrown; the checkpoint stays, so the run can be resumed.
     */
    public Outcome run(UUID runId, AtomicBoolean stop) throws SQLException, InterruptedException {
        AuditRuns.Run run;
        try (Connection c = connections.open()) {
            run = AuditRuns.find(c, runId).orElseThrow(() -> new IllegalArgumentException("No audit run " + runId));
        }
        Execution execution = new Execution(run, stop);
        try {
            return execution.run();
        } catch (SQLException | InterruptedException | RuntimeException e) {
            execution.fail(e);
            throw e;
        } finally {
            execution.close();
        }
    }

    /** Orders UUIDs as PostgreSQL does (unsigned bytes), which {@link UUID#compareTo} does not. */
    static int compare(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private record EventRow(UUID account, UsageEvent history, String outsideKey) {
    }

    private record LineRow(UUID account, UUID invoiceId, long number, long charges, long credits, long total,
                           InvoiceLine line) {
    }

    private record CreditRow(UUID account, CreditLot lot, long consumed) {
    }

    private record Chunk(List<Discrepancy> found, UUID lastAccount, int accounts, long rows) {
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** One run of the pipeline: its threads, connections and queues. */
    private final class Execution {
        private final AuditRuns.Run run;
        private final AtomicBoolean stop;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final YearMonth period;
        private final Instant start;
        private final Instant end;
        private final List<Connection> opened = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final ExecutorService workers;
        private final BlockingQueue<Future<Chunk>> chunks;
        private volatile Throwable mergeFailure;
        private Connection writer;

        Execution(AuditRuns.Run run, AtomicBoolean stop) {
            this.run = run;
            this.stop = stop;
            this.period = run.period();
            this.start = InvoiceCalculator.start(period);
            this.end = InvoiceCalculator.end(period);
            AtomicInteger n = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(settings.workers(), r -> {
                Thread t = new Thread(r, "audit-calc-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.chunks = new ArrayBlockingQueue<>(Math.max(2, settings.workers() * 2));
        }

        Outcome run() throws SQLException, InterruptedException {
            writer = open();
            writer.setAutoCommit(false);
            Connection events = open();
            Connection invoices = open();
            Connection credits = open();
            // One snapshot for the three cursors: an invoice run committing meanwhile cannot make them disagree.
            events.setAutoCommit(false);
            String snapshot;
            try (Statement s = events.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
                try (ResultSet rs = s.executeQuery("select pg_export_snapshot()")) {
                    rs.next();
                    snapshot = rs.getString(1);
                }
            }
            for (Connection c : List.of(invoices, credits)) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("set transaction isolation level repeatable read, read only");
                    s.execute("set transaction snapshot '" + snapshot + "'");
                }
            }
            for (Connection c : List.of(events, invoices, credits)) {
                try (Statement s = c.createStatement()) {
                    // The cursors are simple scans; compiling them with JIT cost seconds of a shared CPU.
                    s.execute("set local jit = off");
                }
            }

            Instant lookAhead = InvoiceCalculator.end(period.plusMonths(1));
            Range range = new Range(run.accountFrom(), run.lastAccount(), run.accountTo());
            String eventsSql = """
                    select account_id, type, floor(extract(epoch from at))::bigint, app, process_type, size,
                           quantity, addon_id, plan
                    from billing.usage_events where at < ?""" + range.sql("account_id")
                    + " order by account_id, at, seq";
            String invoicesSql = """
                    select i.account_id, i.id, i.number, i.charges_total, i.credits_total, i.total, l.type, l.app,
                           l.process_type, l.size, l.addon_id, l.plan, l.seconds, l.amount_cents
                    from billing.invoices i left join billing.invoice_lines l on l.invoice_id = i.id
                    where i.period = ?""" + range.sql("i.account_id") + " order by i.account_id, l.ordinal";
            // Balances as they stood before the month: the run that finalizes a month writes its consume and
            // expire rows at the month's end, so rows before this end belong to earlier months.
            String creditsSql = """
                    select c.account_id, c.id, c.granted_at, c.expires_at,
                           c.amount_cents - coalesce(sum(l.amount_cents) filter (
                               where l.kind <> 'grant' and l.at < ?), 0),
                           coalesce(sum(l.amount_cents) filter (where l.kind = 'consume' and l.at = ?), 0)
                    from billing.credits c left join billing.credit_ledger l on l.credit_id = c.id
                    where c.granted_at < ?""" + range.sql("c.account_id") + """

                    group by c.account_id, c.id order by c.account_id, c.granted_at, c.id""";
            Object[] eventParams = range.params(lookAhead);
            Object[] invoiceParams = range.params(period.atDay(1));
            Object[] creditParams = range.params(end, end, end);
            Long rowsTotal = estimate(writer, eventsSql, eventParams, invoicesSql, invoiceParams, run.rowsDone());

            Cursor<EventRow> eventRows = reader("audit-read-usage", events, eventsSql, eventParams, rs -> {
                UUID account = rs.getObject(1, UUID.class);
                // Whole seconds (as Sql.instant truncates), read as a number rather than parsed from a timestamp.
                Instant at = Instant.ofEpochSecond(rs.getLong(3));
                UsageEvent event = UsageEvents.of(rs.getString(2), at, rs.getString(4), rs.getString(5),
                        rs.getString(6), (Integer) rs.getObject(7), rs.getString(8), rs.getString(9));
                boolean inHistory = at.isBefore(end);
                boolean outside = at.isBefore(start) || !inHistory;
                return new EventRow(account, inHistory ? event : null, outside ? LineKeys.fedBy(event) : null);
            });
            Cursor<LineRow> lineRows = reader("audit-read-invoices", invoices, invoicesSql, invoiceParams, rs -> {
                String type = rs.getString(7);
                InvoiceLine line = type == null ? null : new InvoiceLine(type, rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getLong(13), rs.getLong(14));
                return new LineRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), line);
            });
            Cursor<CreditRow> creditRows = reader("audit-read-credits", credits, creditsSql, creditParams, rs ->
                    new CreditRow(rs.getObject(1, UUID.class), new CreditLot(rs.getObject(2, UUID.class).toString(),
                            instant(rs, 3), instant(rs, 4), rs.getLong(5)), rs.getLong(6)));
            Thread merger = new Thread(() -> merge(eventRows, lineRows, creditRows), "audit-merge");
            merger.setDaemon(true);
            threads.add(merger);
            threads.forEach(Thread::start);
            return write(rowsTotal);
        }

        private Outcome write(Long rowsTotal) throws SQLException, InterruptedException {
            long accounts = run.accountsDone();
            long rows = run.rowsDone();
            long discrepancies = run.discrepancies();
            UUID last = null;
            long began = System.nanoTime();
            long rowsAtStart = rows;
            long lastCheckpoint = began;
            long lastProgress = began;
            long accountsSince = 0;
            long rowsSince = 0;
            Map<Kind, Long> foundSince = new EnumMap<>(Kind.class);
            try (PreparedStatement insert = writer.prepareStatement(AuditRuns.INSERT)) {
                while (true) {
                    if (stop.get()) {
                        Progress progress = progress(accounts, rows, rowsTotal, rowsAtStart, began, discrepancies);
                        AuditRuns.checkpoint(writer, run.id(), last, accounts, rows, discrepancies, rowsTotal);
                        AuditRuns.finish(writer, run.id(), "stopped", null);
                        writer.commit();
                        listener.checkpointed(progress, accountsSince, rowsSince, foundSince);
                        LOG.infof("audit %s stopped after %,d accounts", run.id(), accounts);
                        return new Outcome("stopped", progress);
                    }
                    Future<Chunk> next = chunks.poll(100, TimeUnit.MILLISECONDS);
                    if (next == null) {
                        if (mergeFailure != null && chunks.isEmpty()) {
                            throw new IllegalStateException("Audit stage failed: " + mergeFailure.getMessage(),
                                    mergeFailure);
                        }
                        continue;
                    }
                    Chunk chunk = get(next);
                    if (chunk == null) {
                        break;
                    }
                    for (Discrepancy d : chunk.found()) {
                        AuditRuns.insert(insert, run.id(), ++discrepancies, d);
                        foundSince.merge(d.kind(), 1L, Long::sum);
                    }
                    if (!chunk.found().isEmpty()) {
                        insert.executeBatch();
                    }
                    accounts += chunk.accounts();
                    rows += chunk.rows();
                    accountsSince += chunk.accounts();
                    rowsSince += chunk.rows();
                    last = chunk.lastAccount();
                    throttle(rows - rowsAtStart, began);
                    long now = System.nanoTime();
                    if (accountsSince >= settings.checkpointAccounts()
                            || now - lastCheckpoint >= settings.checkpointEvery().toNanos()) {
                        Progress progress = progress(accounts, rows, rowsTotal, rowsAtStart, began, discrepancies);
                        AuditRuns.checkpoint(writer, run.id(), last, accounts, rows, discrepancies, rowsTotal);
                        writer.commit();
                        listener.checkpointed(progress, accountsSince, rowsSince, foundSince);
                        accountsSince = 0;
                        rowsSince = 0;
                        foundSince = new EnumMap<>(Kind.class);
                        lastCheckpoint = now;
                        if (now - lastProgress >= settings.progressEvery().toNanos()) {
                            LOG.info(progress);
                            lastProgress = now;
                        }
                    }
                }
            }
            Progress progress = progress(accounts, rows, rows, rowsAtStart, began, discrepancies);
            AuditRuns.checkpoint(writer, run.id(), last, accounts, rows, discrepancies, rows);
            AuditRuns.finish(writer, run.id(), "completed", null);
            writer.commit();
            listener.checkpointed(progress, accountsSince, rowsSince, foundSince);
            LOG.infof("%s; completed in %.1f s", progress, (System.nanoTime() - began) / 1e9);
            return new Outcome("completed", progress);
        }

        private Chunk get(Future<Chunk> future) throws InterruptedException {
            try {
                return future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(cause);
            }
        }

        private void throttle(long rowsThisRun, long began) throws InterruptedException {
            if (settings.maxRowsPerSecond() <= 0) {
                return;
            }
            long dueNanos = rowsThisRun * 1_000_000_000L / settings.maxRowsPerSecond();
            long aheadNanos = dueNanos - (System.nanoTime() - began);
            if (aheadNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(aheadNanos);
            }
        }

        private Progress progress(long accounts, long rows, Long rowsTotal, long rowsAtStart, long began,
                                  long discrepancies) {
            double seconds = Math.max((System.nanoTime() - began) / 1e9, 1e-3);
            double rate = (rows - rowsAtStart) / seconds;
            Duration eta = null;
            if (rowsTotal != null && rate > 0) {
                eta = Duration.ofMillis((long) (Math.max(0, rowsTotal - rows) / rate * 1000));
            }
            return new Progress(run.id(), accounts, rows, rowsTotal, rate, eta, discrepancies);
        }

        /** Merges the three account-ordered streams into one month per account and submits chunks in order. */
        private void merge(Cursor<EventRow> events, Cursor<LineRow> lines, Cursor<CreditRow> credits) {
            AccountAuditor auditor = new AccountAuditor(new InvoiceCalculator(prices), period);
            try {
                List<AccountMonth> chunk = new ArrayList<>(settings.accountsPerChunk());
                while (true) {
                    UUID account = min(min(events.account(), lines.account()), credits.account());
                    if (account == null) {
                        break;
                    }
                    long rows = 0;
                    List<UsageEvent> history = new ArrayList<>();
                    Set<String> outside = new HashSet<>();
                    while (account.equals(events.account())) {
                        EventRow row = events.next();
                        rows++;
                        if (row.history() != null) {
                            history.add(row.history());
                        }
                        if (row.outsideKey() != null) {
                            outside.add(row.outsideKey());
                        }
                    }
                    PersistedInvoice invoice = null;
                    if (account.equals(lines.account())) {
                        LineRow head = lines.peek();
                        List<InvoiceLine> invoiceLines = new ArrayList<>();
                        while (account.equals(lines.account())) {
                            LineRow row = lines.next();
                            rows++;
                            if (row.line() != null) {
                                invoiceLines.add(row.line());
                            }
                        }
                        invoice = new PersistedInvoice(head.invoiceId(), head.number(), head.charges(),
                                head.credits(), head.total(), invoiceLines);
                    }
                    List<CreditLot> lots = new ArrayList<>();
                    Map<String, Long> consumed = new HashMap<>();
                    while (account.equals(credits.account())) {
                        CreditRow row = credits.next();
                        rows++;
                        lots.add(row.lot());
                        if (row.consumed() > 0) {
                            consumed.put(row.lot().creditId(), row.consumed());
                        }
                    }
                    chunk.add(new AccountMonth(account, history, outside, invoice, lots, consumed, rows));
                    if (chunk.size() >= settings.accountsPerChunk()) {
                        submit(auditor, chunk);
                        chunk = new ArrayList<>(settings.accountsPerChunk());
                    }
                }
                if (!chunk.isEmpty()) {
                    submit(auditor, chunk);
                }
                offer(CompletableFuture.completedFuture(null));
            } catch (Throwable e) {
                if (!cancelled.get()) {
                    mergeFailure = e;
                    LOG.errorf(e, "audit %s: merge failed", run.id());
                }
            }
        }

        private void submit(AccountAuditor auditor, List<AccountMonth> months) throws InterruptedException {
            offer(workers.submit(() -> {
                List<Discrepancy> found = new ArrayList<>();
                long rows = 0;
                for (AccountMonth month : months) {
                    found.addAll(auditor.audit(month));
                    rows += month.rows();
                }
                return new Chunk(found, months.get(months.size() - 1).accountId(), months.size(), rows);
            }));
        }

        private void offer(Future<Chunk> future) throws InterruptedException {
            while (!chunks.offer(future, 100, TimeUnit.MILLISECONDS)) {
                if (cancelled.get()) {
                    throw new InterruptedException("audit cancelled");
                }
            }
        }

        private <T> Cursor<T> reader(String name, Connection c, String sql, Object[] params, RowMapper<T> mapper) {
            Cursor<T> cursor = new Cursor<>(new ArrayBlockingQueue<>(settings.queueBatches()));
            Thread thread = new Thread(() -> {
                try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                        ResultSet.CONCUR_READ_ONLY)) {
                    ps.setFetchSize(settings.fetchSize());
                    // Binary rows: uuids, numbers and instants arrive as bytes instead of text to format and parse.
                    ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
                    bind(ps, params);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<T> batch = new ArrayList<>(settings.batchRows());
                        while (rs.next()) {
                            batch.add(mapper.map(rs));
                            if (batch.size() == settings.batchRows()) {
                                cursor.put(batch);
                                batch = new ArrayList<>(settings.batchRows());
                            }
                        }
                        if (!batch.isEmpty()) {
                            cursor.put(batch);
                        }
                    }
                    cursor.put(cursor.end);
                } catch (Throwable e) {
                    if (!cancelled.get()) {
                        cursor.failure = e;
                        LOG.errorf(e, "audit %s: %s failed", run.id(), name);
                        try {
                            cursor.put(cursor.end);
                        } catch (InterruptedException ignored) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            }, name);
            thread.setDaemon(true);
            threads.add(thread);
            return cursor;
        }

        /** A stage's input: batches of rows from a bounded queue, read one row at a time. */
        private final class Cursor<T> {
            private final BlockingQueue<List<T>> queue;
            private final List<T> end = Collections.unmodifiableList(new ArrayList<>());
            private volatile Throwable failure;
            private List<T> batch;
            private int index;
            private boolean done;

            Cursor(BlockingQueue<List<T>> queue) {
                this.queue = queue;
            }

            void put(List<T> rows) throws InterruptedException {
                while (!queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
                    if (cancelled.get()) {
                        throw new InterruptedException("audit cancelled");
                    }
                }
            }

            T peek() throws InterruptedException {
                while (!done && (batch == null || index >= batch.size())) {
                    List<T> next = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (next == null) {
                        if (cancelled.get()) {
                            throw new InterruptedException("audit cancelled");
                        }
                    } else if (next == end) {
                        if (failure != null) {
                            throw new IllegalStateException("A reader failed: " + failure.getMessage(), failure);
                        }
                        done = true;
                    } else {
                        batch = next;
                        index = 0;
                    }
                }
                return done ? null : batch.get(index);
            }

            T next() throws InterruptedException {
                T row = peek();
                index++;
                return row;
            }

            UUID account() throws InterruptedException {
                T row = peek();
                if (row == null) {
                    return null;
                }
                if (row instanceof EventRow e) {
                    return e.account();
                } else if (row instanceof LineRow l) {
                    return l.account();
                }
                return ((CreditRow) row).account();
            }
        }

        private Connection open() throws SQLException {
            Connection c = connections.open();
            opened.add(c);
            return c;
        }

        void fail(Throwable e) {
            cancelled.set(true);
            try {
                if (writer != null) {
                    writer.rollback();
                    writer.setAutoCommit(true);
                    AuditRuns.finish(writer, run.id(), "failed", String.valueOf(e.getMessage()));
                }
            } catch (SQLException f) {
                e.addSuppressed(f);
            }
        }

        void close() {
            cancelled.set(true);
            workers.shutdownNow();
            for (Thread t : threads) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing after a failure: the first error is the one reported
                }
            }
        }
    }

    /** Rows of the run still to read: the planner's estimates of the usage and invoice queries, for the ETA. */
    private static Long estimate(Connection c, String eventsSql, Object[] eventParams, String invoicesSql,
                                 Object[] invoiceParams, long rowsDone) {
        try {
            return rowsDone + planRows(c, eventsSql, eventParams) + planRows(c, invoicesSql, invoiceParams);
        } catch (SQLException e) {
            LOG.debugf("audit: no row estimate (%s)", e.getMessage());
            return null;
        }
    }

    private static long planRows(Connection c, String sql, Object[] params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("explain (format json) " + sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Matcher m = PLAN_ROWS.matcher(rs.getString(1));
                return m.find() ? Long.parseLong(m.group(1)) : 0;
            }
        }
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            ps.setObject(i + 1, p instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : p);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        // Whole seconds, as ingestion stores them and the invoice run reads them (Sql.instant).
        return value == null ? null : value.toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static UUID min(UUID a, UUID b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return compare(a, b) <= 0 ? a : b;
    }

    /** The accounts a run covers: from (inclusive), after the checkpoint (exclusive), to (inclusive). */
    private record Range(UUID from, UUID after, UUID to) {
        String sql(String column) {
            StringBuilder sql = new StringBuilder();
            if (after != null) {
                sql.append(" and ").append(column).append(" > ?");
            } else if (from != null) {
                sql.append(" and ").append(column).append(" >= ?");
            }
            if (to != null) {
                sql.append(" and ").append(column).append(" <= ?");
            }
            return sql.toString();
        }

        Object[] params(Object... first) {
            List<Object> params = new ArrayList<>(List.of(first));
            if (after != null) {
                params.add(after);
            } else if (from != null) {
                params.add(from);
            }
            if (to != null) {
                params.add(to);
            }
            return params.toArray();
        }
    }
}
