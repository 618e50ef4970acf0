package io.stratus.common.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Token ids (jti) that auth has revoked, refreshed from auth's feed every {@code stratus.security.revocations-poll-
 * interval}, so that a deleted API key stops working here within seconds without a call to auth per request. Each
 * entry is dropped once its token would have expired anyway. If auth cannot be reached, the list keeps what it
 * had and the poller keeps trying (logged); tokens revoked meanwhile stay usable until it answers again.
 */
@ApplicationScoped
public class RevocationList {
    private static final Logger LOG = Logger.getLogger(RevocationList.class);

    private final SecurityConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile long cursor;
    private volatile boolean failing;
    private ScheduledExecutorService poller;

    RevocationList(SecurityConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (config.revocationsUrl().isEmpty()) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stratus-revocations");
            t.setDaemon(true);
            return t;
        });
        long period = config.revocationsPollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    public boolean isRevoked(String jti) {
        return jti != null && revoked.containsKey(jti);
    }

    private void pollQuietly() {
        try {
            poll();
            if (failing) {
                LOG.info("revocation feed reachable again");
                failing = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.warnf("cannot read the revocation feed %s: %s", config.revocationsUrl().get(), e.toString());
                failing = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void poll() throws IOException, InterruptedException {
        boolean more = true;
        while (more) {
            String url = config.revocationsUrl().get();
            URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + "since=" + cursor);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("status " + response.statusCode());
            }
            JsonNode body = json.readTree(response.body());
            for (JsonNode entry : body.path("revocations")) {
                revoked.put(entry.path("jti").asText(), Instant.parse(entry.path("expires_at").asText()));
            }
            cursor = Math.max(cursor, body.path("next_since").asLong(cursor));
            more = body.path("more").asBoolean(false);
        }
        Instant now = Instant.now();
        revoked.values().removeIf(expiry -> expiry.isBefore(now));
    }
}
