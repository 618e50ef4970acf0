package io.stratus.analytics.pipeline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
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

    @Test
    void fullQueueAnswers503WithRetryAfterAndLosesNothingAccepted() throws Exception {
        TestProject p = TestProjects.create();
        int accepted = 0;
        try (Connection locker = db.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE analytics.events IN ACCESS EXCLUSIVE MODE");
            }
            boolean refused = false;
            for (int i = 0; i < 20 && !refused; i++) {
                int status = given().contentType(ContentType.JSON).body(PipelineTest.batch(p, "bp-" + i + "-", 30))
                        .when().post("/v1/events").then().extract().statusCode();
                if (status == 202) {
                    accepted += 30;
                } else {
                    assertEquals(503, status);
                    refused = true;
                }
            }
            assertTrue(refused, "the queue must fill up");
            given().contentType(ContentType.JSON).body(PipelineTest.batch(p, "again-", 30))
                    .when().post("/v1/events")
                    .then().statusCode(503).header("Retry-After", "1").body("id", equalTo("unavailable"));
            String one = "{\"event\":\"t\",\"properties\":{\"token\":\"" + p.token() + "\"}}";
            String track = "[" + String.join(",", Collections.nCopies(30, one)) + "]";
            given().contentType("application/x-www-form-urlencoded")
                    .body("data=" + Base64.getEncoder().encodeToString(track.getBytes(StandardCharsets.UTF_8)))
                    .when().post("/track")
                    .then().statusCode(503).header("Retry-After", "1").body(equalTo("0"));
            locker.rollback();
        }
        assertTrue(accepted > 0);
        StoredEvents.awaitCount(db, p.id(), accepted);
    }
}
