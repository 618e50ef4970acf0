package io.stratus.analytics.query;

import io.stratus.analytics.pipeline.Rollups;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Counts and user sketches per event and bucket for {@code /events/series}, read from the writer's rollups. The
 * range is cut into whole days (day rows), whole hours (hour rows) and the sub-hour edges, which are read from raw
 * events and sketched here the same way, so any ISO-8601 range gives the same answer as the raw events would.
 */
final class RollupSeries {
    /** Per event name, per bucket start (epoch ms): the summed cell. */
    final Map<String, Map<Long, Rollups.Cell>> cells = new HashMap<>();

    private final Connection c;
    private final UUID projectId;
    private final String[] events;
    private final long bucketMillis;

    private RollupSeries(Connection c, UUID projectId, List<String> events, long bucketMillis) {
        this.c = c;
        this.projectId = projectId;
        this.events = events == null || events.isEmpty() ? null : events.toArray(new String[0]);
        this.bucketMillis = bucketMillis;
    }

    static RollupSeries read(Connection c, UUID projectId, List<String> events, long fromMillis, long toMillis,
            long bucketMillis) throws SQLException {
        RollupSeries series = new RollupSeries(c, projectId, events, bucketMillis);
        long hour = Rollups.HOUR_MILLIS;
        long headEnd = Math.min(ceil(fromMillis, hour), toMillis);
        series.raw(fromMillis, headEnd);
        if (headEnd >= toMillis) {
            return series;
        }
        long tailStart = Math.max(Math.floorDiv(toMillis, hour) * hour, headEnd);
        series.raw(tailStart, toMillis);
        long dayStart = ceil(headEnd, Rollups.DAY_MILLIS);
        long dayEnd = Math.floorDiv(tailStart, Rollups.DAY_MILLIS) * Rollups.DAY_MILLIS;
        if (bucketMillis == Rollups.DAY_MILLIS && dayStart < dayEnd) {
            series.rollup("hour", headEnd, dayStart);
            series.rollup("day", dayStart, dayEnd);
            series.rollup("hour", dayEnd, tailStart);
        } else {
            series.rollup("hour", headEnd, tailStart);
        }
        return series;
    }

    private static long ceil(long millis, long unit) {
        return Math.floorDiv(millis + unit - 1, unit) * unit;
    }

    private Rollups.Cell cell(String event, long timeMillis) {
        long bucket = Math.floorDiv(timeMillis, bucketMillis) * bucketMillis;
        return cells.computeIfAbsent(event, e -> new HashMap<>()).computeIfAbsent(bucket, b -> new Rollups.Cell());
    }

    private void rollup(String unit, long from, long to) throws SQLException {
        if (from >= to) {
            return;
        }
        String sql = "SELECT event, (extract(epoch FROM bucket) * 1000)::int8, count, users "
                + "FROM analytics.event_rollups WHERE project_id = ? AND unit = ? "
                + "AND bucket >= timestamptz 'epoch' + ? * interval '1 millisecond' "
                + "AND bucket < timestamptz 'epoch' + ? * interval '1 millisecond'"
                + (events != null ? " AND event = ANY(?)" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, projectId);
            ps.setString(2, unit);
            ps.setLong(3, from);
            ps.setLong(4, to);
            if (events != null) {
                ps.setArray(5, c.createArrayOf("text", events));
            }
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cell(rs.getString(1), rs.getLong(2)).merge(rs.getLong(3), Rollups.sketch(rs.getBytes(4)));
                }
            }
        }
    }

    private void raw(long from, long to) throws SQLException {
        if (from >= to) {
            return;
        }
        String sql = "SELECT event, (extract(epoch FROM time) * 1000)::int8, distinct_id FROM analytics.events "
                + "WHERE project_id = ? AND time >= timestamptz 'epoch' + ? * interval '1 millisecond' "
                + "AND time < timestamptz 'epoch' + ? * interval '1 millisecond'"
                + (events != null ? " AND event = ANY(?)" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, projectId);
            ps.setLong(2, from);
            ps.setLong(3, to);
            if (events != null) {
                ps.setArray(4, c.createArrayOf("text", events));
            }
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cell(rs.getString(1), rs.getLong(2)).add(rs.getString(3));
                }
            }
        }
    }
}
