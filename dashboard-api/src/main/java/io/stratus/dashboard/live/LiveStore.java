package io.stratus.dashboard.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Plain-JDBC reads of the outbox for sockets and the listener (no request context or transaction there). */
@ApplicationScoped
public class LiveStore {
    /** Most frames one read of the outbox returns; the listener's catch-up reads page after page. */
    static final int PAGE = 10_000;

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    LiveStore(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** The app id if {@code ref} (id or name) is an app the account can see. */
    Optional<UUID> visibleApp(UUID accountId, String ref) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select a.id from dashboard.apps a join dashboard.collaborators"
                     + " k on k.app_id = a.id and k.account_id = ? where a.id::text = ? or a.name = ?")) {
            s.setObject(1, accountId);
            s.setString(2, ref);
            s.setString(3, ref);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** Whether {@code since} points before the oldest event kept, so the client must refetch (close 4410). */
    boolean tooOld(long since) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select min(id) from dashboard.events");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            long min = rs.getLong(1);
            return !rs.wasNull() && since + 1 < min;
        }
    }

    List<LiveFrame> after(long since, UUID accountId, UUID appId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return after(c, since, accountId, appId);
        }
    }

    List<LiveFrame> after(Connection c, long since, UUID accountId, UUID appId) throws SQLException {
        String sql = "select id, app_id, audience::text, frame::text from dashboard.events where id > ?"
                + (accountId == null ? "" : " and audience @> jsonb_build_array(?::text)")
                + (appId == null ? "" : " and app_id = ?") + " order by id limit " + PAGE;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setLong(i++, since);
            if (accountId != null) {
                s.setString(i++, accountId.toString());
            }
            if (appId != null) {
                s.setObject(i, appId);
            }
            List<LiveFrame> frames = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    frames.add(LiveFrame.of(rs.getLong(1), rs.getObject(2, UUID.class), audience(rs.getString(3)),
                            rs.getString(4)));
                }
            }
            return frames;
        }
    }

    Set<UUID> audience(String audienceJson) {
        try {
            return audience(json.readTree(audienceJson));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt event audience", e);
        }
    }

    static Set<UUID> audience(JsonNode node) {
        Set<UUID> ids = new HashSet<>();
        node.forEach(n -> ids.add(UUID.fromString(n.asText())));
        return ids;
    }

    LiveFrame parseNotification(Connection c, String payload) throws SQLException {
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (JsonProcessingException e) {
            return null;
        }
        long id = node.get("id").asLong();
        if (node.has("frame")) {
            return LiveFrame.of(id, UUID.fromString(node.get("app").asText()), audience(node.get("audience")),
                    node.get("frame").toString());
        }
        try (PreparedStatement s = c.prepareStatement(
                "select app_id, audience::text, frame::text from dashboard.events where id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? LiveFrame.of(id, rs.getObject(1, UUID.class), audience(rs.getString(2)),
                        rs.getString(3)) : null;
            }
        }
    }

    int purgeOlderThan(Connection c, Duration retention) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "delete from dashboard.events where created_at < now() - make_interval(secs => ?)")) {
            s.setDouble(1, retention.toSeconds());
            return s.executeUpdate();
        }
    }
}
