package io.stratus.analytics.project;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Project tokens and secret hashes in memory, so that ingestion never asks the database per request
 * (spec §5). A request with an unknown token waits, without blocking the event loop, for a reload of the whole
 * map that starts after it arrived (a project created on another instance is then known), and only then may be
 * refused. One reload runs at a time, at least {@link #MIN_RELOAD_SPACING} apart, and every request that finds
 * a token unknown meanwhile shares the next one, so a flood of bad tokens costs the database a few small reads
 * a second.
 */
@ApplicationScoped
public class ProjectTokens {
    private static final Logger LOG = Logger.getLogger(ProjectTokens.class);
    static final Duration MIN_RELOAD_SPACING = Duration.ofMillis(200);

    /** What ingestion needs of a project. */
    public record ProjectKey(UUID id, String token) {
    }

    private final AgroalDataSource dataSource;
    private final Vertx vertx;
    private volatile Map<String, ProjectKey> byToken = Map.of();
    private volatile Map<String, ProjectKey> bySecretHash = Map.of();
    private volatile Map<UUID, ProjectKey> byId = Map.of();
    private final Object reloads = new Object();
    /** The next reload, not started yet: every request that finds a token unknown before it starts joins it. */
    private Promise<Void> nextReload;
    /** Whether a reload is running or waiting for its spacing; the next one is scheduled when it ends. */
    private boolean reloading;
    private long lastReloadStart = System.nanoTime() - MIN_RELOAD_SPACING.toNanos();

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
        return id == null || byId.containsKey(id) ? Future.succeededFuture() : reloadStartingAfterNow();
    }

    /**
     * Completes at once when the given tokens are known, else after a reload that started after this call; never
     * fails (a token still unknown, or a reload that could not reach the database, leaves the token unknown).
     */
    public Future<Void> refreshIfUnknown(Collection<String> tokens, Collection<String> secrets) {
        // Plain loops: two streams and their lambdas were ~400 bytes of every request (bench/analytics/alloc.sh).
        Map<String, ProjectKey> known = byToken;
        for (String token : tokens) {
            if (token != null && !known.containsKey(token)) {
                return reloadStartingAfterNow();
            }
        }
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty() && bySecret(secret) == null) {
                return reloadStartingAfterNow();
            }
        }
        return Future.succeededFuture();
    }

    private Future<Void> reloadStartingAfterNow() {
        Future<Void> shared;
        synchronized (reloads) {
            if (nextReload == null) {
                nextReload = Promise.promise();
                shared = nextReload.future();
                if (!reloading) {
                    scheduleReload(); // may start it at once, which clears nextReload
                }
            } else {
                shared = nextReload.future();
            }
        }
        // The reload completes on whichever thread ran it; each request carries on on its own event loop.
        Context context = Vertx.currentContext();
        if (context == null) {
            return shared;
        }
        Promise<Void> resumed = Promise.promise();
        shared.onComplete(ignored -> context.runOnContext(v -> resumed.complete()));
        return resumed.future();
    }

    /** Called holding {@code reloads}, with a reload waiting and none running. */
    private void scheduleReload() {
        reloading = true;
        long dueNanos = lastReloadStart + MIN_RELOAD_SPACING.toNanos();
        long waitMs = TimeUnit.NANOSECONDS.toMillis(dueNanos - System.nanoTime());
        if (waitMs < 1) {
            startReload();
        } else {
            vertx.setTimer(waitMs, t -> startReload());
        }
    }

    private void startReload() {
        Promise<Void> promise;
        synchronized (reloads) {
            promise = nextReload;
            nextReload = null;
            lastReloadStart = System.nanoTime();
        }
        vertx.executeBlocking(() -> {
            reload();
            return null;
        }, false).onComplete(ignored -> {
            promise.complete();
            synchronized (reloads) {
                reloading = false;
                if (nextReload != null) {
                    scheduleReload();
                }
            }
        });
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
