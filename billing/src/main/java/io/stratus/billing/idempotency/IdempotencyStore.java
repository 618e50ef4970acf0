package io.stratus.billing.idempotency;

import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Rule 10: (key, request hash, status, response) stored in the caller's transaction, next to the effect. A
 * second request with the same key waits on the first one's row until it commits, then replays it.
 */
@ApplicationScoped
public class IdempotencyStore {
    public static final String HEADER = "Idempotency-Key";

    private final DataSource dataSource;

    IdempotencyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What an earlier request with the same key left. */
    public record Stored(int status, String body, UUID resourceId) {
    }

    public static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest("This request moves money: send an Idempotency-Key header.");
        }
        if (key.length() > 255) {
            throw ApiException.badRequest("Idempotency-Key is longer than 255 characters.");
        }
    }

    /**
     * Claims the key for this request, or returns the completed response of the same request.
     *
     * @throws ApiException 422 when the key was used for a different request, 409 while it is in progress
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stored> begin(String scope, String key, String requestHash) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into billing.idempotency_keys (scope, key, request_hash, status)
                    values (?, ?, ?, 'in_progress') on conflict do nothing""")) {
                insert.setString(1, scope);
                insert.setString(2, key);
                insert.setString(3, requestHash);
                if (insert.executeUpdate() == 1) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement select = c.prepareStatement("""
                    select request_hash, status, response_status, response_body, resource_id
                    from billing.idempotency_keys where scope = ? and key = ?""")) {
                select.setString(1, scope);
                select.setString(2, key);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiException.conflict("This Idempotency-Key is being used by another request; retry.");
                    }
                    if (!rs.getString(1).equals(requestHash)) {
                        throw ApiException.invalid(
                                "This Idempotency-Key was already used for a different request.");
                    }
                    if (rs.getString(2).equals("in_progress")) {
                        throw ApiException.conflict("A request with this Idempotency-Key is still in progress.");
                    }
                    return Optional.of(new Stored(rs.getInt(3), rs.getString(4), rs.getObject(5, UUID.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The resource of a request with this key and hash that claimed the key before {@code claimedFor} ago and never
     * completed: its process died mid-request. Locks the key row for the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> abandoned(String scope, String key, String requestHash, Duration claimedFor) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     select resource_id from billing.idempotency_keys
                     where scope = ? and key = ? and request_hash = ? and status = 'in_progress'
                       and resource_id is not null and created_at < now() - make_interval(secs => ?)
                     for update skip locked""")) {
            ps.setString(1, scope);
            ps.setString(2, key);
            ps.setString(3, requestHash);
            ps.setDouble(4, claimedFor.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void attach(String scope, String key, UUID resourceId) {
        update("update billing.idempotency_keys set resource_id = ? where scope = ? and key = ?",
                resourceId, scope, key);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void complete(String scope, String key, int status, String body) {
        update("""
                update billing.idempotency_keys set status = 'completed', response_status = ?, response_body = ?
                where scope = ? and key = ?""", status, body, scope, key);
    }

    /** Replaces a stored response once its outcome became known (an {@code unknown} payment resolved). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replaceResponse(String scope, String key, String body) {
        update("update billing.idempotency_keys set response_body = ? where scope = ? and key = ?",
                body, scope, key);
    }

    /** Forgets a key whose request failed before completing, so that the caller may retry with it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(String scope, String key) {
        update("delete from billing.idempotency_keys where scope = ? and key = ? and status = 'in_progress'",
                scope, key);
    }

    @Transactional
    public int purgeOlderThan(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from billing.idempotency_keys where created_at < ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
