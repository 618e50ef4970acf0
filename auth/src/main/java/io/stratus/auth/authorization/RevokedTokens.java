package io.stratus.auth.authorization;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Auth's own view of the revocation feed, so that auth refuses a deleted API key at once (this instance) or within
 * a second (other instances), without a database query per request.
 */
@ApplicationScoped
public class RevokedTokens {
    private static final Logger LOG = Logger.getLogger(RevokedTokens.class);

    private final RevocationRepository revocations;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private volatile long cursor;
    private ScheduledExecutorService poller;

    RevokedTokens(RevocationRepository revocations) {
        this.revocations = revocations;
    }

    public void start() {
        poll();
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stratus-auth-revocations");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollQuietly, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    public boolean isRevoked(String jti) {
        return jti != null && revoked.containsKey(jti);
    }

    void add(String jti, Instant expiresAt) {
        revoked.put(jti, expiresAt);
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warnf("cannot read revocations: %s", e.getMessage());
        }
    }

    private void poll() {
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            for (Revocation r : revocations.after(cursor, now, 10_000)) {
                revoked.put(r.jti, r.expiresAt);
                cursor = Math.max(cursor, r.seq);
            }
        });
        revoked.values().removeIf(expiry -> expiry.isBefore(now));
    }
}
