package io.stratus.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.analytics.pipeline.EventRow;
import io.stratus.analytics.pipeline.QueueItem;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProjectRateLimitsTest {
    private static final long SECOND = 1_000_000_000L;

    private static List<QueueItem> events(UUID project, int n) {
        List<QueueItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new EventRow(project, "e", "u", 0, "i" + i, "{}", 0));
        }
        return items;
    }

    @Test
    void aBucketRefillsAtTheRateAndABigBatchGoesIntoDebt() {
        ProjectRateLimits limits = new ProjectRateLimits(100);
        UUID p = UUID.randomUUID();
        long t = 0;
        assertTrue(limits.tryTake(events(p, 250), t), "a full bucket lets a batch larger than itself pass");
        assertFalse(limits.tryTake(events(p, 1), t + SECOND), "150 in debt, 100 back after a second");
        assertTrue(limits.tryTake(events(p, 1), t + SECOND * 16 / 10), "after 1.6 s the debt is paid");
        assertTrue(limits.tryTake(events(p, 20), t + SECOND * 16 / 10), "9 left: enough to pass");
        assertFalse(limits.tryTake(events(p, 1), t + SECOND * 16 / 10), "11 in debt");
    }

    @Test
    void aRefusedRequestTakesNothingFromItsOtherProjects() {
        ProjectRateLimits limits = new ProjectRateLimits(10);
        UUID busy = UUID.randomUUID();
        UUID quiet = UUID.randomUUID();
        assertTrue(limits.tryTake(events(busy, 20), 0));
        List<QueueItem> mixed = new ArrayList<>(events(quiet, 10));
        mixed.addAll(events(busy, 1));
        assertFalse(limits.tryTake(mixed, 0));
        assertTrue(limits.tryTake(events(quiet, 10), 0), "quiet's bucket is still full");
        assertFalse(limits.tryTake(events(quiet, 1), 0));
    }

    @Test
    void givenBackEventsCanBeTakenAgain() {
        ProjectRateLimits limits = new ProjectRateLimits(10);
        UUID p = UUID.randomUUID();
        List<QueueItem> ten = events(p, 10);
        assertTrue(limits.tryTake(ten, 0));
        limits.giveBack(ten);
        assertTrue(limits.tryTake(ten, 0));
        assertFalse(limits.tryTake(events(p, 1), 0));
    }

    @Test
    void zeroMeansNoLimit() {
        ProjectRateLimits limits = new ProjectRateLimits(0);
        assertTrue(limits.tryTake(events(UUID.randomUUID(), 100_000), 0));
    }
}
