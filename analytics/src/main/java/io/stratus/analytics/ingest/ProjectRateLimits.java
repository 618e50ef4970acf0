package io.stratus.analytics.ingest;

import io.stratus.analytics.AnalyticsConfig;
import io.stratus.analytics.pipeline.EventRow;
import io.stratus.analytics.pipeline.ProfileUpdate;
import io.stratus.analytics.pipeline.QueueItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The optional per-project ingestion limit (spec §2: 429 {@code rate_limit}): a token bucket per project holding
 * one second of {@code project-rate-limit} events. A request passes while its projects' buckets are not empty and
 * then takes all its events, going into debt if it is large, so a 2,000-event batch is never refused forever. A
 * refused request takes nothing: its events are all or none, like the queue.
 */
@ApplicationScoped
class ProjectRateLimits {
    private final int perSecond;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    ProjectRateLimits(AnalyticsConfig config) {
        this(config.projectRateLimit());
    }

    // For the plain unit test of the bucket arithmetic.
    ProjectRateLimits(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Takes the items' events from their projects' buckets, or nothing and false when one project is over. */
    boolean tryTake(List<QueueItem> items) {
        return tryTake(items, System.nanoTime());
    }

    boolean tryTake(List<QueueItem> items, long now) {
        if (perSecond <= 0) {
            return true;
        }
        Map<UUID, Integer> counts = counts(items);
        Map<Bucket, Integer> taken = new HashMap<>();
        for (Map.Entry<UUID, Integer> entry : counts.entrySet()) {
            Bucket bucket = buckets.computeIfAbsent(entry.getKey(), k -> new Bucket(perSecond, now));
            if (!bucket.tryTake(entry.getValue(), now)) {
                taken.forEach(Bucket::giveBack);
                return false;
            }
            taken.put(bucket, entry.getValue());
        }
        return true;
    }

    /** Returns what {@link #tryTake} took for a request that was refused later (queue full or closed). */
    void giveBack(List<QueueItem> items) {
        if (perSecond <= 0) {
            return;
        }
        counts(items).forEach((project, n) -> {
            Bucket bucket = buckets.get(project);
            if (bucket != null) {
                bucket.giveBack(n);
            }
        });
    }

    private static Map<UUID, Integer> counts(List<QueueItem> items) {
        Map<UUID, Integer> counts = new HashMap<>();
        for (QueueItem item : items) {
            UUID project = item instanceof EventRow row ? row.projectId() : ((ProfileUpdate) item).projectId();
            counts.merge(project, 1, Integer::sum);
        }
        return counts;
    }

    private static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long updatedNanos;

        Bucket(int perSecond, long now) {
            this.perNano = perSecond / 1e9;
            this.capacity = perSecond;
            this.tokens = perSecond;
            this.updatedNanos = now;
        }

        synchronized boolean tryTake(int n, long now) {
            tokens = Math.min(capacity, tokens + (now - updatedNanos) * perNano);
            updatedNanos = now;
            if (tokens <= 0) {
                return false;
            }
            tokens -= n;
            return true;
        }

        synchronized void giveBack(int n) {
            tokens = Math.min(capacity, tokens + n);
        }
    }
}
