package io.stratus.analytics;

import io.agroal.api.AgroalDataSource;
import io.stratus.analytics.pipeline.EventQueue;
import io.stratus.analytics.pipeline.IngestMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads what the writer stored, straight from PostgreSQL, and waits for the pipeline to settle. */
public final class StoredEvents {
    private StoredEvents() {
    }

    public static long count(AgroalDataSource ds, UUID projectId) {
        return queryLong(ds, "SELECT count(*) FROM analytics.events WHERE project_id = ?", projectId);
    }

    public static long queryLong(AgroalDataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a project in write order: each a map of column to text value. */
    public static List<Map<String, String>> rows(AgroalDataSource ds, UUID projectId) {
        String sql = "SELECT event, distinct_id, time::text AS time, "
                + "(extract(epoch from time) * 1000)::bigint::text AS time_ms, insert_id, properties::text AS properties "
                + "FROM analytics.events WHERE project_id = ? ORDER BY id";
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** Waits until the project has {@code expected} rows (or fails after 10 s). */
    public static void awaitCount(AgroalDataSource ds, UUID projectId, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = count(ds, projectId);
            if (seen == expected) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError("expected " + expected + " stored events, found " + seen);
    }

    /** Waits until the queue is empty and no batch is in flight. */
    public static void awaitIdle(EventQueue queue, IngestMetrics metrics) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (queue.size() == 0 && metrics.snapshot().inFlight() == 0) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError("the writer did not drain the queue");
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
