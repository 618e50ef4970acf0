package io.stratus.analytics.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of spec §4-5 under {@code stratus.analytics.}. Plain atomics back the invariant
 * accepted = written + duplicates + dropped + queued + in flight; Micrometer meters mirror them for /q/metrics.
 * A profile update (/engage) counts as one event here: it shares the queue and the writer.
 */
@ApplicationScoped
public class IngestMetrics {
    private static final String PREFIX = "stratus.analytics.";

    private final MeterRegistry registry;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final Map<String, Counter> acceptedByEndpoint = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejectedByReason = new ConcurrentHashMap<>();
    private final Map<String, Counter> droppedByReason = new ConcurrentHashMap<>();
    private final Counter writtenCounter;
    private final Counter duplicatesCounter;
    private final Counter lostCounter;
    private final Counter truncatedCounter;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.writtenCounter = registry.counter(PREFIX + "events.written");
        this.duplicatesCounter = registry.counter(PREFIX + "events.duplicates");
        this.lostCounter = registry.counter(PREFIX + "events.lost");
        this.truncatedCounter = registry.counter(PREFIX + "values.truncated");
        this.batchSize = DistributionSummary.builder(PREFIX + "batch.size").register(registry);
        this.batchDuration = Timer.builder(PREFIX + "batch.duration").register(registry);
        Gauge.builder(PREFIX + "events.in_flight", inFlight, AtomicLong::get).register(registry);
    }

    void bindQueue(EventQueue queue) {
        Gauge.builder(PREFIX + "queue.events", queue, EventQueue::size).register(registry);
        Gauge.builder(PREFIX + "queue.bytes", queue, EventQueue::bytes).register(registry);
        // The bounds themselves: a hard kill loses at most this much (README, spec §4.4).
        Gauge.builder(PREFIX + "queue.max.events", queue, EventQueue::maxEvents).register(registry);
        Gauge.builder(PREFIX + "queue.max.bytes", queue, EventQueue::maxBytes).register(registry);
        Gauge.builder(PREFIX + "queue.oldest.age", queue, q -> q.oldestAgeNanos() / 1e9)
                .baseUnit("seconds").register(registry);
    }

    public void accepted(String endpoint, int count) {
        accepted.addAndGet(count);
        // get first: computeIfAbsent's lambda captures the registry, an allocation on every accepted request.
        Counter counter = acceptedByEndpoint.get(endpoint);
        if (counter == null) {
            counter = acceptedByEndpoint.computeIfAbsent(endpoint,
                    e -> Counter.builder(PREFIX + "events.accepted").tag("endpoint", e).register(registry));
        }
        counter.increment(count);
    }

    public void rejected(String endpoint, String reason, int count) {
        if (count == 0) {
            return;
        }
        rejectedByReason.computeIfAbsent(endpoint + '\n' + reason,
                k -> Counter.builder(PREFIX + "events.rejected").tag("endpoint", endpoint).tag("reason", reason)
                        .register(registry))
                .increment(count);
    }

    public void truncated(int count) {
        if (count > 0) {
            truncatedCounter.increment(count);
        }
    }

    void taken(int count) {
        inFlight.addAndGet(count);
    }

    void written(int count) {
        written.addAndGet(count);
        inFlight.addAndGet(-count);
        writtenCounter.increment(count);
    }

    void duplicates(int count) {
        duplicates.addAndGet(count);
        inFlight.addAndGet(-count);
        duplicatesCounter.increment(count);
    }

    /** Items leave the queue or the batch in flight without being stored. */
    void dropped(String reason, int count, boolean wasInFlight) {
        dropped.addAndGet(count);
        if (wasInFlight) {
            inFlight.addAndGet(-count);
        }
        droppedByReason.computeIfAbsent(reason,
                r -> Counter.builder(PREFIX + "events.dropped").tag("reason", r).register(registry))
                .increment(count);
    }

    void lost(long count) {
        lostCounter.increment(count);
    }

    void batch(int size, long nanos) {
        batchSize.record(size);
        batchDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The pipeline's counters at one moment, for the invariant and the ingest_runs heartbeat. */
    public record Snapshot(long accepted, long written, long duplicates, long dropped, long inFlight) {
    }

    public Snapshot snapshot() {
        return new Snapshot(accepted.get(), written.get(), duplicates.get(), dropped.get(), inFlight.get());
    }
}
