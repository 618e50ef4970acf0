package io.stratus.dashboard.live;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.dashboard.DashboardConfig;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Readiness waits for the LISTEN connection, so the balancer sends no socket to an instance that can't feed it. */
@QuarkusTest
class LiveReadinessTest {
    @Inject
    AgroalDataSource dataSource;

    @Inject
    LiveStore store;

    @Inject
    LiveHub hub;

    @Inject
    DashboardConfig config;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @Test
    void readinessReportsTheListener() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("dashboard-live-events"))
                .body("checks.find { it.name == 'dashboard-live-events' }.status", equalTo("UP"));
    }

    @Test
    void downUntilTheListenerHasListenedOnce() throws Exception {
        LiveListener starting = new LiveListener(dataSource, store, hub, config);
        LiveReadiness readiness = new LiveReadiness(starting);
        try (Connection blocker = DriverManager.getConnection(jdbcUrl, dbUser, "")) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                // The listener's first read of the outbox waits behind this lock, as a slow start would.
                s.execute("lock table dashboard.events in access exclusive mode");
            }
            starting.start(null);
            Thread.sleep(500);
            assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus());
            assertFalse(starting.ready());
            blocker.rollback();
            for (int i = 0; i < 200 && !starting.ready(); i++) {
                Thread.sleep(25);
            }
            assertTrue(starting.ready());
            assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
        } finally {
            starting.stop(null);
        }
    }
}
