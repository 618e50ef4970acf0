package io.stratus.analytics.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.analytics.AnalyticsConfig;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Two writers inserting the same events at the same time, one in the reverse order of the other: each meets the
 * other's uncommitted rows halfway. Inserted in arrival order they deadlocked (PostgreSQL 40P01, the batch rolled
 * back and retried after deadlock_timeout); in the writer's identity order one waits and the other's rows are
 * duplicates.
 */
@QuarkusTest
class WriterLockOrderTest {
    @Inject
    AnalyticsConfig config;

    @Inject
    AgroalDataSource db;

    @Inject
    EventQueue queue;

    @Inject
    IngestMetrics metrics;

    @Test
    void writersMeetingOnTheSameEventsInOppositeOrdersNeverDeadlock() throws Exception {
        TestProject p = TestProjects.create();
        EventWriter.ProfileTurns turns = new EventWriter.ProfileTurns();
        EventWriter first = new EventWriter(config, db, queue, metrics, 91, new CountDownLatch(0), turns);
        EventWriter second = new EventWriter(config, db, queue, metrics, 92, new CountDownLatch(0), turns);
        long now = System.currentTimeMillis();
        for (int round = 0; round < 5; round++) {
            List<EventRow> rows = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                rows.add(new EventRow(p.id(), "lock order", "u" + i, now, "lo-" + round + "-" + i, "{}", now));
            }
            List<EventRow> reversed = new ArrayList<>(rows);
            Collections.reverse(reversed);
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> insertAfter(together, first, rows));
            CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> insertAfter(together, second, reversed));
            assertEquals(400, a.get() + b.get(), "round " + round + ": every event stored once, no deadlock");
        }
    }

    private static int insertAfter(CyclicBarrier together, EventWriter writer, List<EventRow> rows) {
        try {
            together.await();
            return writer.insert(rows);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
