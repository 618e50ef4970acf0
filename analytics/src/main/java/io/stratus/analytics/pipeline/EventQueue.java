package io.stratus.analytics.pipeline;

import io.stratus.analytics.AnalyticsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded in-memory queue between the event loop and the writer. {@link #offer} never waits: a request's
 * items go in together or not at all (spec §2), and a full or closed queue refuses them.
 */
@ApplicationScoped
public class EventQueue {
    private record Chunk(List<QueueItem> items, long bytes, long enqueuedNanos) {
    }

    /**
     * Items taken together by one writer. A batch holding profile updates carries a ticket in take order
     * ({@code -1} otherwise): with several writers, profile updates are applied in ticket order, so a profile
     * sees its updates in the order they were accepted (spec §3) while event rows are inserted in parallel.
     */
    record Batch(List<QueueItem> items, long profileTicket) {
        static final Batch EMPTY = new Batch(List.of(), -1);

        boolean isEmpty() {
            return items.isEmpty();
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final int maxEvents;
    private final long maxBytes;
    private final int batchSize;
    private final IngestMetrics metrics;
    // Index into the head chunk: the writer may take part of a chunk.
    private int headPosition;
    private int size;
    private long bytes;
    private long nextProfileTicket;
    private volatile boolean closed;

    EventQueue(AnalyticsConfig config, IngestMetrics metrics) {
        this.maxEvents = config.queueMaxEvents();
        this.maxBytes = config.queueMaxBytes().asLongValue();
        this.batchSize = config.batchSize();
        this.metrics = metrics;
        metrics.bindQueue(this);
    }

    /** Why an offer was refused. */
    public enum Refusal { NONE, FULL, CLOSED }

    public Refusal offer(List<? extends QueueItem> items, String endpoint) {
        if (items.isEmpty()) {
            return Refusal.NONE;
        }
        long itemBytes = 0;
        for (QueueItem item : items) {
            itemBytes += item.bytes();
        }
        lock.lock();
        try {
            if (closed) {
                return Refusal.CLOSED;
            }
            if (size + items.size() > maxEvents || bytes + itemBytes > maxBytes) {
                return Refusal.FULL;
            }
            boolean wasEmpty = size == 0;
            chunks.addLast(new Chunk(List.copyOf(items), itemBytes, System.nanoTime()));
            size += items.size();
            bytes += itemBytes;
            // Counted under the lock so that the invariant holds at any snapshot the writer does not hold.
            metrics.accepted(endpoint, items.size());
            if (wasEmpty || size >= batchSize) {
                ready.signal();
            }
            return Refusal.NONE;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many more items fit at most, counting each at its smallest size ({@link QueueItem#OVERHEAD_BYTES}): a
     * request with more items than this is refused whatever they hold, so the request path can refuse it before
     * parsing and validating them.
     */
    public int room() {
        lock.lock();
        try {
            long byBytes = (maxBytes - bytes) / QueueItem.OVERHEAD_BYTES;
            return (int) Math.max(0, Math.min(maxEvents - size, byBytes));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a batch is due (a full batch, or the oldest item is {@code flushNanos} old, or the queue is
     * closed) and takes up to {@code max} items, or none after {@code maxWaitNanos}.
     */
    Batch take(int max, long flushNanos, long maxWaitNanos) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitNanos;
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                if (size >= max || (size > 0 && (closed || now - chunks.peekFirst().enqueuedNanos() >= flushNanos))) {
                    List<QueueItem> items = removeFirst(max);
                    boolean profiles = false;
                    for (QueueItem item : items) {
                        if (item instanceof ProfileUpdate) {
                            profiles = true;
                            break;
                        }
                    }
                    return new Batch(items, profiles ? nextProfileTicket++ : -1);
                }
                long wait = deadline - now;
                if (wait <= 0) {
                    return Batch.EMPTY;
                }
                if (size > 0) {
                    wait = Math.min(wait, flushNanos - (now - chunks.peekFirst().enqueuedNanos()));
                }
                ready.awaitNanos(Math.max(wait, TimeUnit.MICROSECONDS.toNanos(100)));
            }
        } finally {
            lock.unlock();
        }
    }

    private List<QueueItem> removeFirst(int max) {
        List<QueueItem> batch = new ArrayList<>(Math.min(max, size));
        while (batch.size() < max && !chunks.isEmpty()) {
            Chunk head = chunks.peekFirst();
            int n = Math.min(max - batch.size(), head.items().size() - headPosition);
            for (int i = 0; i < n; i++) {
                QueueItem item = head.items().get(headPosition + i);
                batch.add(item);
                bytes -= item.bytes();
            }
            headPosition += n;
            if (headPosition == head.items().size()) {
                chunks.removeFirst();
                headPosition = 0;
            }
        }
        size -= batch.size();
        metrics.taken(batch.size());
        return batch;
    }

    /** Refuses new items from now on and wakes the writer so it drains what is left. */
    void close() {
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Empties the queue after the drain timeout; the items are counted as dropped. */
    List<QueueItem> removeAll() {
        lock.lock();
        try {
            List<QueueItem> rest = removeFirst(Integer.MAX_VALUE);
            metrics.taken(-rest.size());
            return rest;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** The most events the queue holds: with {@link #maxBytes()}, what a hard kill can lose at most. */
    public int maxEvents() {
        return maxEvents;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    long oldestAgeNanos() {
        lock.lock();
        try {
            return chunks.isEmpty() ? 0 : System.nanoTime() - chunks.peekFirst().enqueuedNanos();
        } finally {
            lock.unlock();
        }
    }
}
