package io.stratus.analytics.pipeline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PipelineTest {
    @Inject
    AgroalDataSource db;
    @Inject
    EventQueue queue;
    @Inject
    IngestMetrics metrics;
    @Inject
    MeterRegistry registry;

    static String batch(TestProject p, String prefix, int n) {
        long t = System.currentTimeMillis() / 1000;
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"event\":\"e\",\"token\":\"").append(p.token())
                    .append("\",\"distinct_id\":\"u").append(i).append("\",\"time\":").append(t)
                    .append(",\"insert_id\":\"").append(prefix).append(i).append("\"}");
        }
        return b.append("]").toString();
    }

    /** The writer is blocked by a table lock: ingestion keeps answering from memory, and all arrive after. */
    @Test
    void acceptsEventsWhileTheDatabaseIsBlockedAndStoresThemAfter() throws Exception {
        TestProject p = TestProjects.create();
        try (Connection locker = db.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE analytics.events IN ACCESS EXCLUSIVE MODE");
            }
            long writtenBefore = metrics.snapshot().written();
            for (int i = 0; i < 20; i++) {
                given().contentType(ContentType.JSON).body(batch(p, "outage-" + i + "-", 10))
                        .when().post("/v1/events").then().statusCode(202);
            }
            StoredEvents.sleep(500);
            assertEquals(writtenBefore, metrics.snapshot().written(), "nothing can be written under the lock");
            assertTrue(queue.size() + metrics.snapshot().inFlight() >= 200);
            locker.rollback();
        }
        StoredEvents.awaitCount(db, p.id(), 200);
    }

    @Test
    void countersKeepTheInvariant() {
        TestProject p = TestProjects.create();
        String body = batch(p, "inv-", 40);
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(body).when().post("/v1/events").then().statusCode(202);
        }
        StoredEvents.awaitCount(db, p.id(), 40);
        StoredEvents.awaitIdle(queue, metrics);
        IngestMetrics.Snapshot s = metrics.snapshot();
        assertTrue(s.duplicates() >= 80, "the resent batches count as duplicates");
        assertEquals(s.accepted(), s.written() + s.duplicates() + s.dropped() + queue.size() + s.inFlight());
        for (String name : new String[] {"stratus.analytics.events.accepted", "stratus.analytics.events.written",
                "stratus.analytics.events.duplicates", "stratus.analytics.events.lost",
                "stratus.analytics.values.truncated", "stratus.analytics.queue.events",
                "stratus.analytics.queue.bytes", "stratus.analytics.queue.oldest.age",
                "stratus.analytics.batch.size", "stratus.analytics.batch.duration",
                "stratus.analytics.queue.max.events", "stratus.analytics.queue.max.bytes"}) {
            assertNotNull(registry.find(name).meter(), name);
        }
        // The hard-kill bound is published as it is configured (AnalyticsConfig defaults in this module's tests).
        assertEquals(25_000.0, registry.find("stratus.analytics.queue.max.events").gauge().value());
        assertEquals(8.0 * 1024 * 1024, registry.find("stratus.analytics.queue.max.bytes").gauge().value());
        assertEquals((double) s.accepted(), registry.find("stratus.analytics.events.accepted").counters().stream()
                .mapToDouble(c -> c.count()).sum());
    }
}
