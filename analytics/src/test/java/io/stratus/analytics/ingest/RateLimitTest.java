package io.stratus.analytics.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.stratus.analytics.LimitsProfile;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The optional per-project limit (spec §2 429 rate_limit), here 10 events/s: a 300-event batch leaves the project
 * in debt for 29 s, so the refusals below do not depend on how fast this machine is (the refill arithmetic is
 * {@link ProjectRateLimitsTest}'s).
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
class RateLimitTest {
    @Inject
    AgroalDataSource db;

    private static String batch(TestProject p, String prefix, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"event\":\"e\",\"token\":\"").append(p.token())
                    .append("\",\"distinct_id\":\"u").append(i).append("\",\"insert_id\":\"").append(prefix)
                    .append(i).append("\"}");
        }
        return b.append("]").toString();
    }

    @Test
    void aProjectOverItsLimitGets429AndLosesNothingAccepted() {
        TestProject p = TestProjects.create();
        TestProject other = TestProjects.create();
        // A large batch passes on a full bucket and leaves the project in debt.
        given().contentType(ContentType.JSON).body(batch(p, "rl-a-", 300))
                .when().post("/v1/events").then().statusCode(202).body("accepted", equalTo(300));
        given().contentType(ContentType.JSON).body(batch(p, "rl-b-", 1))
                .when().post("/v1/events")
                .then().statusCode(429).header("Retry-After", "1").contentType(ContentType.JSON)
                .body("id", equalTo("rate_limit"));
        String track = "{\"event\":\"t\",\"properties\":{\"token\":\"" + p.token() + "\"}}";
        given().queryParam("data", track).when().get("/track")
                .then().statusCode(429).header("Retry-After", "1").body(equalTo("0"));
        given().header("Authorization", ImportTest.basic(p.secret())).contentType(ContentType.JSON)
                .body("[" + ImportTest.imported("i", "u1", "rl-i", System.currentTimeMillis()) + "]")
                .when().post("/import")
                .then().statusCode(429).header("Retry-After", "1").body("code", equalTo(429));
        // Another project has its own bucket.
        given().contentType(ContentType.JSON).body(batch(other, "rl-o-", 10))
                .when().post("/v1/events").then().statusCode(202);
        StoredEvents.awaitCount(db, p.id(), 300);
        StoredEvents.awaitCount(db, other.id(), 10);
    }
}
