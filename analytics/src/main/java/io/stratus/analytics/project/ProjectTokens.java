package io.stratus.analytics.project;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Project tokens and secret hashes in memory, so that ingestion never asks the database per request
 * (spec §5). An unknown token reloads the whole map, at most once a second, off the event loop.
 */
@ApplicationScoped
public class ProjectTokens {
    private static final Logger LOG = Logger.getLogger(ProjectTokens.class);
    private static final long RELOAD_INTERVAL_NANOS = 1_000_000_000L;

    /** What ingestion needs of a project. */
    public record ProjectKey(UUID id, String token) {
    }

    private final AgroalDataSource dataSource;
    private final Vertx vertx;
    private volatile Map<String, ProjectKey> byToken = Map.of();
    private volatile Map<String, ProjectKey> bySecretHash = Map.of();
    private volatile Map<UUID, ProjectKey> byId = Map.of();
    private final AtomicLong lastReload = new AtomicLong(System.nanoTime() - 2 * RELOAD_INTERVAL_NANOS);

    ProjectTokens(AgroalDataSource dataSource, Vertx vertx) {
        this.dataSource = dataSource;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        reload();
    }

    public ProjectKey byToken(String token) {
        return token == null ? null : byToken.get(token);
    }

    public ProjectKey bySecret(String secret) {
        return secret == null || secret.isEmpty() ? null : bySecretHash.get(Secrets.hash(secret));
    }

    public ProjectKey byId(UUID id) {
        return id == null ? null : byId.get(id);
    }

    /** As {@link #refreshIfUnknown} for a project named by its id (/import with a service token). */
    public Future<Void> refreshIfUnknownId(UUID id) {
        return id == null || byId.containsKey(id) ? Future.succeededFuture() : reloadRateLimited();
    }

    /**
     * Completes once the given tokens are known or a reload was not allowed yet; never fails (an unknown token is
     * then simply unknown).
     */
    public Future<Void> refreshIfUnknown(Collection<String> tokens, Collection<String> secrets) {
        // Plain loops: two streams and their lambdas were ~400 bytes of every request (bench/analytics/alloc.sh).
        Map<String, ProjectKey> known = byToken;
        for (String token : tokens) {
            if (token != null && !known.containsKey(token)) {
                return reloadRateLimited();
            }
        }
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty() && bySecret(secret) == null) {
                return reloadRateLimited();
            }
        }
        return Future.succeededFuture();
    }

    private Future<Void> reloadRateLimited() {
        long last = lastReload.get();
        long now = System.nanoTime();
        if (now - last < RELOAD_INTERVAL_NANOS || !lastReload.compareAndSet(last, now)) {
            return Future.succeededFuture();
        }
        return vertx.<Void>executeBlocking(() -> {
            reload();
            return null;
        }, false).recover(e -> Future.succeededFuture());
    }

    /** Makes a project created by this instance usable at once, without waiting for a reload. */
    void remember(UUID id, String token, String secretHash) {
        ProjectKey key = new ProjectKey(id, token);
        synchronized (this) {
            Map<String, ProjectKey> tokens = new HashMap<>(byToken);
            tokens.put(token, key);
            Map<String, ProjectKey> secrets = new HashMap<>(bySecretHash);
            secrets.values().removeIf(k -> k.id().equals(id));
            secrets.put(secretHash, key);
            byToken = tokens;
            bySecretHash = secrets;
            byId = index(tokens);
        }
    }

    private static Map<UUID, ProjectKey> index(Map<String, ProjectKey> tokens) {
        Map<UUID, ProjectKey> ids = new HashMap<>();
        for (ProjectKey key : tokens.values()) {
            ids.put(key.id(), key);
        }
        return ids;
    }

    public void reload() {
        Map<String, ProjectKey> tokens = new HashMap<>();
        Map<String, ProjectKey> secrets = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, token, secret_hash FROM analytics.projects")) {
            while (rs.next()) {
                ProjectKey key = new ProjectKey(rs.getObject(1, UUID.class), rs.getString(2));
                tokens.put(key.token(), key);
                secrets.put(rs.getString(3), key);
            }
        } catch (SQLException e) {
            LOG.warnf("Could not reload project tokens: %s", e.getMessage());
            return;
        }
        synchronized (this) {
            byToken = tokens;
            bySecretHash = secrets;
            byId = index(tokens);
        }
    }
}
