package io.stratus.analytics.pipeline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(BackpressureTest.SmallQueue.class)
class BackpressureTest {
    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stratus.analytics.queue-max-events", "100");
        }
    }

    @Inject
    AgroalDataSource db;

    @Inject
    EventQueue queue;

    @Inject
    MeterRegistry registry;

    @Test
    void fullQueueAnswers503WithRetryAfterAndLosesNothingAccepted() throws Exception {
        TestProject p = TestProjects.create();
        int[] accepted = {0};
        try (Connection locker = lockedEvents()) {
            int[] n = {0};
            untilRefused(() -> given().contentType(ContentType.JSON)
                    .body(PipelineTest.batch(p, "bp-" + n[0]++ + "-", 30)).when().post("/v1/events"), 202, accepted)
                    .then().header("Retry-After", "1").body("id", equalTo("unavailable"));
            untilRefused(() -> given().contentType("application/x-www-form-urlencoded")
                    .body("data=" + trackBatch(p, "tr-" + n[0]++ + "-")).when().post("/track"), 200, accepted)
                    .then().header("Retry-After", "1").body(equalTo("0"));
            locker.rollback();
        }
        assertTrue(accepted[0] > 0);
        StoredEvents.awaitCount(db, p.id(), accepted[0]);
    }

    @Test
    void aFullQueueRefusesBeforeParsingButCountsEveryEventAndStillTakesWhatFits() throws Exception {
        TestProject p = TestProjects.create();
        int[] accepted = {0};
        try (Connection locker = lockedEvents()) {
            int[] n = {0};
            double[] before = {0};
            untilRefused(() -> {
                before[0] = queueFullRejections();
                return given().contentType(ContentType.JSON).body(PipelineTest.batch(p, "sh-" + n[0]++ + "-", 30))
                        .when().post("/v1/events");
            }, 202, accepted).then().header("Retry-After", "1");
            assertEquals(before[0] + 30, queueFullRejections(), "every refused event is counted");
            // Not JSON while the queue is full: still the 400 the body deserves, not a 503.
            given().contentType(ContentType.JSON).body("[{\"event\":").when().post("/v1/events")
                    .then().statusCode(400).body("id", equalTo("bad_request"));
            // Events that fit in the room left are still taken (the early refusal is only for certain misses).
            int room = queue.room();
            if (room > 0) {
                given().contentType(ContentType.JSON).body(PipelineTest.batch(p, "sh-fits-", room))
                        .when().post("/v1/events").then().statusCode(202);
                accepted[0] += room;
            }
            locker.rollback();
        }
        StoredEvents.awaitCount(db, p.id(), accepted[0]);
    }

    /** A connection whose open transaction holds analytics.events locked: the writers block and the queue fills. */
    private Connection lockedEvents() throws SQLException {
        Connection locker = db.getConnection();
        locker.setAutoCommit(false);
        try (Statement st = locker.createStatement()) {
            st.execute("LOCK TABLE analytics.events IN ACCESS EXCLUSIVE MODE");
        }
        return locker;
    }

    private double queueFullRejections() {
        return registry.find("stratus.analytics.events.rejected").tag("endpoint", "native")
                .tag("reason", "queue_full").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /**
     * Posts 30-event batches until the queue refuses one and returns that answer. A writer may take a batch off the
     * queue before it blocks on the lock, so a few batches can still fit after the queue first looked full; each
     * one accepted is counted.
     */
    private static Response untilRefused(Supplier<Response> post, int okStatus, int[] accepted) {
        for (int i = 0; i < 40; i++) {
            Response r = post.get();
            if (r.statusCode() != okStatus) {
                assertEquals(503, r.statusCode(), r.asString());
                return r;
            }
            accepted[0] += 30;
        }
        return fail("the queue must fill up");
    }

    private static String trackBatch(TestProject p, String prefix) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            b.append(i == 0 ? "" : ",").append("{\"event\":\"t\",\"properties\":{\"token\":\"").append(p.token())
                    .append("\",\"$insert_id\":\"").append(prefix).append(i).append("\"}}");
        }
        return Base64.getEncoder().encodeToString(b.append(']').toString().getBytes(StandardCharsets.UTF_8));
    }
}
