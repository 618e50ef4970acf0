package io.stratus.analytics.query;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stratus.analytics.AnalyticsConfig;
import io.stratus.analytics.pipeline.Rollups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Derives the breakdown rollups (tables {@code event_property_rollups} and {@code event_property_days}) of finished
 * UTC days from raw events, every {@code derive-interval}: per project, event, day, property and value, the events
 * and a sketch of their users. A day is derived again when its day rollup's count changes (late events). At most
 * {@link #MAX_PROPERTIES} properties per event and day and {@link #MAX_VALUES} values per property are kept, so one
 * day's rows stay small; breakdowns over a capped property read that day raw.
 */
@ApplicationScoped
public class PropertyRollups {
    static final int MAX_PROPERTIES = 64;
    static final int MAX_VALUES = 256;
    private static final Logger LOG = Logger.getLogger(PropertyRollups.class);
    private static final int DAYS_PER_ROUND = 500;

    /** One (project, event, finished day) whose derived rows are missing or older than its rollup. */
    record Day(UUID projectId, String event, Instant day, long rollupCount) {
    }

    private final AgroalDataSource dataSource;
    private final AnalyticsConfig config;
    private ScheduledExecutorService executor;

    PropertyRollups(AgroalDataSource dataSource, AnalyticsConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        long every = config.deriveInterval().toMillis();
        if (every <= 0) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "analytics-derive");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                deriveFinishedDays(Instant.now());
            } catch (RuntimeException e) {
                LOG.warn("Deriving breakdown rollups failed; retried next round", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /**
     * Derives every finished day (before {@code now}'s UTC day) whose derived rows are missing or stale; returns how
     * many it derived. Several instances may run it at once: each day is derived under a transaction-level advisory
     * lock, and a day another instance holds is left to it.
     */
    public int deriveFinishedDays(Instant now) {
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        Instant firstKept = config.retentionDays() > 0 ? today.minus(config.retentionDays() - 1L, ChronoUnit.DAYS)
                : Instant.EPOCH;
        int derived = 0;
        try (Connection c = dataSource.getConnection()) {
            if (config.retentionDays() > 0) {
                c.setAutoCommit(true);
                for (String table : List.of("event_property_rollups", "event_property_days")) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM analytics." + table
                            + " WHERE day < ?")) {
                        ps.setTimestamp(1, Timestamp.from(firstKept));
                        ps.executeUpdate();
                    }
                }
            }
            List<Day> due;
            do {
                due = due(c, firstKept, today);
                for (Day day : due) {
                    if (derive(c, day)) {
                        derived++;
                    }
                }
            } while (due.size() == DAYS_PER_ROUND);
        } catch (SQLException e) {
            throw new IllegalStateException("Deriving breakdown rollups failed", e);
        }
        return derived;
    }

    private static List<Day> due(Connection c, Instant from, Instant to) throws SQLException {
        c.setAutoCommit(true);
        List<Day> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.project_id, r.event, r.bucket, r.count FROM analytics.event_rollups r
                LEFT JOIN analytics.event_property_days d
                    ON d.project_id = r.project_id AND d.event = r.event AND d.day = r.bucket
                WHERE r.unit = 'day' AND r.bucket >= ? AND r.bucket < ? AND d.rollup_count IS DISTINCT FROM r.count
                ORDER BY r.bucket DESC, r.project_id, r.event LIMIT ?""")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setInt(3, DAYS_PER_ROUND);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new Day(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getLong(4)));
                }
            }
        }
        return due;
    }

    /** Derives one day in one transaction (one snapshot for its count and its rows); false if another holds it. */
    private static boolean derive(Connection c, Day day) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))")) {
                ps.setString(1, "analytics.event_property_days/" + day.projectId() + "/" + day.event() + "/"
                        + day.day());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        c.rollback();
                        return false;
                    }
                }
            }
            long total = 0;
            Map<String, Long> keys = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT NULL, count(*) FROM analytics.events
                    WHERE project_id = ? AND event = ? AND time >= ? AND time < ?
                    UNION ALL
                    SELECT k, count(*) FROM analytics.events, jsonb_object_keys(properties) k
                    WHERE project_id = ? AND event = ? AND time >= ? AND time < ?
                        AND jsonb_typeof(properties) = 'object'
                    GROUP BY k""")) {
                bindDay(ps, 1, day);
                bindDay(ps, 5, day);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1) == null) {
                            total = rs.getLong(2);
                        } else {
                            keys.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
            }
            // The most frequent properties are kept when a day has more than MAX_PROPERTIES.
            List<String> kept = keys.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_PROPERTIES).map(Map.Entry::getKey).toList();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM analytics.event_property_rollups "
                    + "WHERE project_id = ? AND event = ? AND day = ?")) {
                ps.setObject(1, day.projectId());
                ps.setString(2, day.event());
                ps.setTimestamp(3, Timestamp.from(day.day()));
                ps.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO analytics.event_property_rollups "
                    + "(project_id, event, day, property, value, count, users) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                if (keys.size() > kept.size()) {
                    long beyond = keys.values().stream().mapToLong(Long::longValue).sum()
                            - kept.stream().mapToLong(keys::get).sum();
                    addRow(insert, day, null, null, beyond, null);
                }
                if (!kept.isEmpty()) {
                    deriveValues(c, day, kept, insert);
                }
                insert.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO analytics.event_property_days (project_id, event, day, count, rollup_count, derived_at)
                    VALUES (?, ?, ?, ?, ?, now())
                    ON CONFLICT (project_id, event, day) DO UPDATE SET count = excluded.count,
                        rollup_count = excluded.rollup_count, derived_at = excluded.derived_at""")) {
                ps.setObject(1, day.projectId());
                ps.setString(2, day.event());
                ps.setTimestamp(3, Timestamp.from(day.day()));
                ps.setLong(4, total);
                ps.setLong(5, day.rollupCount());
                ps.executeUpdate();
            }
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(true);
        }
    }

    /** Streams the kept properties' (value, user) pairs in property order: one property's values in memory at once. */
    private static void deriveValues(Connection c, Day day, List<String> kept, PreparedStatement insert)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT kv.key, kv.value::text, e.distinct_id FROM analytics.events e, jsonb_each(e.properties) kv
                WHERE e.project_id = ? AND e.event = ? AND e.time >= ? AND e.time < ?
                AND jsonb_typeof(e.properties) = 'object' AND kv.key = ANY(?)
                ORDER BY kv.key""")) {
            bindDay(ps, 1, day);
            ps.setArray(5, c.createArrayOf("text", kept.toArray(String[]::new)));
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                String property = null;
                Map<String, Rollups.Cell> values = new LinkedHashMap<>();
                long overflow = -1;
                while (rs.next()) {
                    String key = rs.getString(1);
                    if (!key.equals(property)) {
                        flush(insert, day, property, values, overflow);
                        property = key;
                        values.clear();
                        overflow = -1;
                    }
                    if (overflow >= 0) {
                        overflow++;
                        continue;
                    }
                    String value = rs.getString(2);
                    Rollups.Cell cell = values.get(value);
                    if (cell == null && values.size() == MAX_VALUES) {
                        // Capped: the property's rows of this day are replaced by one count, read raw by breakdowns.
                        overflow = values.values().stream().mapToLong(Rollups.Cell::count).sum() + 1;
                        values.clear();
                        continue;
                    }
                    if (cell == null) {
                        cell = new Rollups.Cell();
                        values.put(value, cell);
                    }
                    cell.add(rs.getString(3));
                }
                flush(insert, day, property, values, overflow);
            }
        }
    }

    private static void flush(PreparedStatement insert, Day day, String property, Map<String, Rollups.Cell> values,
            long overflow) throws SQLException {
        if (property == null) {
            return;
        }
        if (overflow >= 0) {
            addRow(insert, day, property, null, overflow, null);
            return;
        }
        for (Map.Entry<String, Rollups.Cell> e : values.entrySet()) {
            addRow(insert, day, property, e.getKey(), e.getValue().count(), e.getValue().users().getState());
        }
    }

    private static void addRow(PreparedStatement insert, Day day, String property, String value, long count,
            byte[] users) throws SQLException {
        insert.setObject(1, day.projectId());
        insert.setString(2, day.event());
        insert.setTimestamp(3, Timestamp.from(day.day()));
        insert.setString(4, property);
        insert.setString(5, value);
        insert.setLong(6, count);
        insert.setBytes(7, users);
        insert.addBatch();
    }

    private static void bindDay(PreparedStatement ps, int first, Day day) throws SQLException {
        ps.setObject(first, day.projectId());
        ps.setString(first + 1, day.event());
        ps.setTimestamp(first + 2, Timestamp.from(day.day()));
        ps.setTimestamp(first + 3, Timestamp.from(day.day().plus(1, ChronoUnit.DAYS)));
    }
}
