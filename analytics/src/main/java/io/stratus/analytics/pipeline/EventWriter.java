package io.stratus.analytics.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.stratus.analytics.AnalyticsConfig;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * The writer thread: drains the queue in batches into PostgreSQL, one transaction per batch, retrying with
 * backoff while the database is away (spec §4-5). Sent minus inserted rows are the duplicates.
 */
class EventWriter implements Runnable {
    private static final Logger LOG = Logger.getLogger(EventWriter.class);
    /**
     * Ids are drawn in acceptance order (the arrays' order), so stored events list newest first as they came; the
     * rows are then inserted in one total order over the event identity (insert_id first, byte-wise). Two writers
     * that meet on the same events (a client's resend split across two batches, one batch sent three times at once)
     * thus wait for each other in one direction only: inserted in acceptance order they could deadlock, and each
     * deadlock cost deadlock_timeout (1 s) and a retried batch (bench/analytics: 20-30 a minute with 8 writers).
     */
    static final String INSERT_EVENTS = """
            INSERT INTO analytics.events (id, project_id, event, distinct_id, time, insert_id, properties, received_at)
            SELECT id, p, e, d, timestamptz 'epoch' + t * interval '1 millisecond', i, pr::jsonb,
                   timestamptz 'epoch' + r * interval '1 millisecond'
            FROM (SELECT nextval('analytics.events_id_seq') AS id, u.*
                  FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::bigint[])
                       WITH ORDINALITY AS u(p, e, d, t, i, pr, r, o)
                  ORDER BY o) AS accepted
            ORDER BY i COLLATE "C", p, e COLLATE "C", d COLLATE "C", t
            ON CONFLICT DO NOTHING""";
    // Only the rows actually inserted come back, so duplicates never reach the rollups (issue 7).
    static final String RETURNING_INSERTED =
            "\nRETURNING project_id, event, (extract(epoch FROM time) * 1000)::int8, distinct_id";
    private static final DateTimeFormatter PARTITION_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Duration MAINTENANCE_INTERVAL = Duration.ofHours(1);
    // Days before today that get a partition at start: /track accepts times up to 5 days old.
    private static final int PARTITIONS_BEHIND = 6;

    private final AnalyticsConfig config;
    private final AgroalDataSource dataSource;
    private final EventQueue queue;
    private final IngestMetrics metrics;
    private final ObjectMapper mapper = Json.MAPPER;
    private final UUID runId = UUID.randomUUID();
    private final int index;
    private final CountDownLatch started;
    private final ProfileTurns profileTurns;
    private volatile boolean stopping;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private long nextMaintenanceNanos;
    private long nextHeartbeatNanos;

    /**
     * Writer {@code index} 0 also records the run, maintains partitions and writes heartbeats; the others wait for
     * its start (partitions exist) through {@code started}.
     */
    EventWriter(AnalyticsConfig config, AgroalDataSource dataSource, EventQueue queue, IngestMetrics metrics,
            int index, CountDownLatch started, ProfileTurns profileTurns) {
        this.config = config;
        this.dataSource = dataSource;
        this.queue = queue;
        this.metrics = metrics;
        this.index = index;
        this.started = started;
        this.profileTurns = profileTurns;
    }

    /** Takes turns applying profile updates in the order their batches left the queue. */
    static final class ProfileTurns {
        private long turn;

        synchronized void await(long ticket) throws InterruptedException {
            while (turn != ticket) {
                wait();
            }
        }

        synchronized void done() {
            turn++;
            notifyAll();
        }
    }

    /** Finishes once the queue is empty, or at the deadline with what is left counted as dropped. */
    void stop(long deadlineNanos) {
        drainDeadlineNanos = deadlineNanos;
        stopping = true;
    }

    @Override
    public void run() {
        if (index == 0) {
            if (config.benchmarkDiscard()) {
                LOG.warn("stratus.analytics.benchmark-discard is on: accepted events are counted, never stored");
            }
            retrying("start", () -> {
                startRun();
                maintainPartitions();
            });
            started.countDown();
        } else {
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        long flushNanos = config.flushInterval().toNanos();
        while (true) {
            EventQueue.Batch batch;
            try {
                batch = queue.take(config.batchSize(), flushNanos, Duration.ofMillis(200).toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (!batch.isEmpty()) {
                try {
                    write(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } else if (stopping) {
                break;
            }
            if (index == 0) {
                housekeeping();
            }
        }
    }

    /** After every writer has ended: counts what is left as dropped and records the end of the run. */
    void finish() {
        List<QueueItem> rest = queue.removeAll();
        if (!rest.isEmpty()) {
            LOG.errorf("Drain timeout: %d queued events were not written", rest.size());
            metrics.dropped("shutdown", rest.size(), false);
        }
        try {
            recordRun(true);
        } catch (SQLException e) {
            LOG.warnf("Could not record the end of ingest run %s: %s", runId, e.getMessage());
        }
    }

    private void housekeeping() {
        long now = System.nanoTime();
        if (now - nextHeartbeatNanos >= 0) {
            nextHeartbeatNanos = now + config.heartbeatInterval().toNanos();
            try {
                recordRun(false);
            } catch (SQLException e) {
                LOG.debugf("Heartbeat failed: %s", e.getMessage());
            }
        }
        if (now - nextMaintenanceNanos >= 0) {
            nextMaintenanceNanos = now + MAINTENANCE_INTERVAL.toNanos();
            try {
                maintainPartitions();
            } catch (SQLException e) {
                LOG.warnf("Partition maintenance failed, retried in an hour: %s", e.getMessage());
            }
        }
    }

    private void write(EventQueue.Batch batch) throws InterruptedException {
        long start = System.nanoTime();
        List<QueueItem> items = batch.items();
        // Event rows first, in one INSERT per batch-size run, in parallel with other writers; then this batch's
        // profile updates, in their acceptance order and after those of every batch taken before it.
        List<EventRow> rows = new ArrayList<>(items.size());
        for (QueueItem item : items) {
            if (item instanceof EventRow row) {
                rows.add(row);
            }
        }
        if (!rows.isEmpty()) {
            writeEvents(rows);
        }
        if (batch.profileTicket() >= 0) {
            profileTurns.await(batch.profileTicket());
            try {
                for (QueueItem item : items) {
                    if (item instanceof ProfileUpdate update) {
                        writeProfileUpdate(update);
                    }
                }
            } finally {
                profileTurns.done();
            }
        }
        metrics.batch(items.size(), System.nanoTime() - start);
    }

    private void writeEvents(List<EventRow> rows) {
        if (config.benchmarkDiscard()) {
            metrics.written(rows.size());
            return;
        }
        Duration backoff = config.retryBackoff();
        while (true) {
            try {
                int inserted = insert(rows);
                metrics.written(inserted);
                metrics.duplicates(rows.size() - inserted);
                return;
            } catch (SQLException e) {
                if (!isTransient(e)) {
                    bisect(rows, e);
                    return;
                }
                if (!pause("write", e, backoff)) {
                    metrics.dropped("shutdown", rows.size(), true);
                    return;
                }
                backoff = next(backoff);
            }
        }
    }

    /** Finds the rows the database refuses by halving the batch, so only they are dropped. */
    private void bisect(List<EventRow> rows, SQLException cause) {
        if (rows.size() == 1) {
            LOG.errorf("Dropped an event the database refused (project %s, event %s): %s",
                    rows.get(0).projectId(), rows.get(0).event(), cause.getMessage());
            metrics.dropped("write_failed", 1, true);
            return;
        }
        int half = rows.size() / 2;
        writeEvents(rows.subList(0, half));
        writeEvents(rows.subList(half, rows.size()));
    }

    int insert(List<EventRow> rows) throws SQLException {
        int n = rows.size();
        UUID[] projects = new UUID[n];
        String[] events = new String[n];
        String[] distinctIds = new String[n];
        long[] times = new long[n];
        String[] insertIds = new String[n];
        String[] properties = new String[n];
        long[] received = new long[n];
        for (int i = 0; i < n; i++) {
            EventRow row = rows.get(i);
            projects[i] = row.projectId();
            events[i] = row.event();
            distinctIds[i] = row.distinctId();
            times[i] = row.timeMillis();
            insertIds[i] = row.insertId();
            properties[i] = row.propertiesJson();
            received[i] = row.receivedAtMillis();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // PGConnection takes primitive arrays: no boxing of two longs per row.
                PGConnection pg = c.unwrap(PGConnection.class);
                int inserted = 0;
                Rollups.Batch rollup = new Rollups.Batch();
                try (PreparedStatement ps = c.prepareStatement(INSERT_EVENTS + RETURNING_INSERTED)) {
                    Array[] arrays = {
                        c.createArrayOf("uuid", projects), c.createArrayOf("text", events),
                        c.createArrayOf("text", distinctIds), pg.createArrayOf("int8", times),
                        c.createArrayOf("text", insertIds), c.createArrayOf("text", properties),
                        pg.createArrayOf("int8", received)};
                    for (int i = 0; i < arrays.length; i++) {
                        ps.setArray(i + 1, arrays[i]);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rollup.add(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getString(4));
                            inserted++;
                        }
                    }
                }
                // Same transaction: a rollup never counts an event that did not commit, nor misses one that did.
                rollup.write(c);
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void writeProfileUpdate(ProfileUpdate update) {
        Duration backoff = config.retryBackoff();
        while (true) {
            try {
                applyProfileUpdate(update);
                metrics.written(1);
                return;
            } catch (SQLException e) {
                if (!isTransient(e)) {
                    LOG.errorf("Dropped a profile update the database refused: %s", e.getMessage());
                    metrics.dropped("write_failed", 1, true);
                    return;
                }
                if (!pause("profile update", e, backoff)) {
                    metrics.dropped("shutdown", 1, true);
                    return;
                }
                backoff = next(backoff);
            }
        }
    }

    private void applyProfileUpdate(ProfileUpdate update) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                ObjectNode current = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT properties::text FROM analytics.profiles "
                        + "WHERE project_id = ? AND distinct_id = ? FOR UPDATE")) {
                    ps.setObject(1, update.projectId());
                    ps.setString(2, update.distinctId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            current = (ObjectNode) mapper.readTree(rs.getString(1));
                        }
                    }
                }
                if (update.operation().equals("$delete")) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM analytics.profiles WHERE project_id = ? AND distinct_id = ?")) {
                        ps.setObject(1, update.projectId());
                        ps.setString(2, update.distinctId());
                        ps.executeUpdate();
                    }
                } else {
                    ObjectNode next = ProfileOperations.apply(current == null ? mapper.createObjectNode() : current,
                            update.operation(), mapper.readTree(update.valueJson()));
                    try (PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO analytics.profiles (project_id, distinct_id, properties, updated_at)
                            VALUES (?, ?, ?::jsonb, now())
                            ON CONFLICT (project_id, distinct_id)
                            DO UPDATE SET properties = excluded.properties, updated_at = excluded.updated_at""")) {
                        ps.setObject(1, update.projectId());
                        ps.setString(2, update.distinctId());
                        ps.setString(3, mapper.writeValueAsString(next));
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } catch (IOException e) {
                c.rollback();
                throw new SQLException("Profile update is not valid JSON", "22000", e);
            }
        }
    }

    /** Connection trouble, overload, lock or serialization conflicts: worth retrying the same rows. */
    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return true;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("40") || state.startsWith("55") || state.startsWith("HY")
                // Undefined table: a partition being created or the schema not migrated yet.
                || state.equals("42P01");
    }

    /** Sleeps before a retry; false when shutting down past the drain deadline. */
    private boolean pause(String what, SQLException e, Duration backoff) {
        if (stopping && System.nanoTime() - drainDeadlineNanos >= 0) {
            return false;
        }
        LOG.warnf("Analytics %s failed (%s), retrying in %d ms: %s", what, e.getSQLState(), backoff.toMillis(),
                e.getMessage());
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    private Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(config.retryMaxBackoff()) > 0 ? config.retryMaxBackoff() : doubled;
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private void retrying(String what, SqlAction action) {
        Duration backoff = config.retryBackoff();
        while (true) {
            try {
                action.run();
                return;
            } catch (SQLException e) {
                if (!pause(what, e, backoff)) {
                    return;
                }
                backoff = next(backoff);
            }
        }
    }

    /**
     * Creates the day partitions from a few days back to {@code partitions-ahead} days ahead (spec §5) and, with
     * {@code retention-days} set, drops the day partitions (and deletes the DEFAULT partition's rows) older than
     * that.
     */
    void maintainPartitions() throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int retention = config.retentionDays();
        LocalDate firstKept = retention > 0 ? today.minusDays(retention - 1L) : LocalDate.MIN;
        LocalDate firstCreated = today.minusDays(PARTITIONS_BEHIND);
        if (firstCreated.isBefore(firstKept)) {
            firstCreated = firstKept;
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            for (LocalDate day = firstCreated; !day.isAfter(today.plusDays(config.partitionsAhead()));
                    day = day.plusDays(1)) {
                String sql = "CREATE TABLE IF NOT EXISTS analytics.events_" + PARTITION_SUFFIX.format(day)
                        + " PARTITION OF analytics.events FOR VALUES FROM ('" + day + "T00:00:00Z') TO ('"
                        + day.plusDays(1) + "T00:00:00Z')";
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    // The DEFAULT partition already holds rows of that day (a long outage): they stay there.
                    if (!"23514".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                        throw e;
                    }
                    LOG.debugf("Partition for %s not created: %s", day, e.getMessage());
                }
            }
            if (retention > 0) {
                dropOlderThan(c, st, firstKept);
            }
        }
    }

    private void dropOlderThan(Connection c, Statement st, LocalDate firstKept) throws SQLException {
        List<String> old = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("""
                SELECT child.relname FROM pg_inherits
                JOIN pg_class child ON child.oid = pg_inherits.inhrelid
                JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
                JOIN pg_namespace ns ON ns.oid = parent.relnamespace
                WHERE ns.nspname = 'analytics' AND parent.relname = 'events'""")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.matches("events_\\d{8}")
                        && LocalDate.parse(name.substring(7), PARTITION_SUFFIX).isBefore(firstKept)) {
                    old.add(name);
                }
            }
        }
        for (String name : old) {
            st.execute("DROP TABLE IF EXISTS analytics." + name);
            LOG.infof("Retention: dropped analytics.%s", name);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM analytics.events_default WHERE time < ?::timestamptz")) {
            ps.setString(1, firstKept + "T00:00:00Z");
            int deleted = ps.executeUpdate();
            if (deleted > 0) {
                LOG.infof("Retention: deleted %d events before %s from analytics.events_default", deleted, firstKept);
            }
        }
    }

    /**
     * Records this run and counts what earlier runs that never stopped cleanly left unwritten at their last
     * heartbeat as lost (spec §4.4).
     */
    private void startRun() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long lost = 0;
            List<String> runs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE analytics.ingest_runs SET lost_counted = true
                    WHERE stopped_at IS NULL AND NOT lost_counted AND heartbeat_at < now() - interval '1 minute'
                    RETURNING id, accepted - written - duplicates - dropped""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long gap = Math.max(0, rs.getLong(2));
                    lost += gap;
                    runs.add(rs.getString(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO analytics.ingest_runs "
                    + "(id, started_at, heartbeat_at) VALUES (?, now(), now())")) {
                ps.setObject(1, runId);
                ps.executeUpdate();
            }
            c.commit();
            if (!runs.isEmpty()) {
                LOG.warnf("Ingest runs %s never stopped cleanly; up to %d events they had accepted may be lost",
                        runs, lost);
                metrics.lost(lost);
            }
        }
    }

    private void recordRun(boolean stopped) throws SQLException {
        IngestMetrics.Snapshot s = metrics.snapshot();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE analytics.ingest_runs SET heartbeat_at = now(), "
                     + "accepted = ?, written = ?, duplicates = ?, dropped = ?"
                     + (stopped ? ", stopped_at = now()" : "") + " WHERE id = ?")) {
            c.setAutoCommit(true);
            ps.setLong(1, s.accepted());
            ps.setLong(2, s.written());
            ps.setLong(3, s.duplicates());
            ps.setLong(4, s.dropped());
            ps.setObject(5, runId);
            ps.executeUpdate();
        }
    }
}
