package io.stratus.analytics.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Breakdown on generated events; the expected top values, other and missing are counted in Java. */
@QuarkusTest
class BreakdownResourceTest {
    @Inject
    AgroalDataSource db;

    @Test
    void topValuesOtherAndMissingMatchAnIndependentCount() {
        TestProject p = TestProjects.create();
        String[] plans = {"pro", "free", "free", "team", "free", "pro", null, "enterprise"};
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Set<String>> users = new HashMap<>();
        int missing = 0;
        StringBuilder body = new StringBuilder("[");
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS);
        for (int i = 0; i < 80; i++) {
            String plan = plans[i % plans.length];
            String user = "u" + (i % 7);
            body.append(i == 0 ? "" : ",").append("{\"event\":\"buy\",\"token\":\"").append(p.token())
                    .append("\",\"distinct_id\":\"").append(user).append("\",\"time\":\"").append(t.plusMillis(i))
                    .append("\",\"properties\":{").append(plan == null ? "" : "\"plan\":\"" + plan + "\"")
                    .append("}}");
            if (plan == null) {
                missing++;
            } else {
                counts.merge(plan, 1, Integer::sum);
                users.computeIfAbsent(plan, k -> new HashSet<>()).add(user);
            }
        }
        body.append(",{\"event\":\"view\",\"token\":\"").append(p.token())
                .append("\",\"properties\":{\"plan\":\"pro\"}}]");
        given().contentType(ContentType.JSON).body(body.toString()).when().post("/v1/events").then().statusCode(202);
        StoredEvents.awaitCount(db, p.id(), 81);

        JsonPath answer = given().auth().oauth2(Tokens.forAccount(p.owner()))
                .queryParam("from", t.minus(1, ChronoUnit.HOURS).toString())
                .queryParam("to", Instant.now().plus(1, ChronoUnit.HOURS).toString())
                .queryParam("event", "buy").queryParam("property", "plan").queryParam("limit", 2)
                .when().get("/v1/projects/{id}/breakdown", p.id())
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertEquals("free", answer.getString("values[0].value"));
        assertEquals((int) counts.get("free"), answer.getInt("values[0].count"));
        assertEquals(users.get("free").size(), answer.getInt("values[0].uniques"));
        assertEquals("pro", answer.getString("values[1].value"));
        assertEquals((int) counts.get("pro"), answer.getInt("values[1].count"));
        assertEquals(counts.get("team") + counts.get("enterprise"), answer.getInt("other"));
        assertEquals(missing, answer.getInt("missing"));
    }

    @Test
    void requiresParametersAndHidesOthersProjects() {
        TestProject p = TestProjects.create();
        given().auth().oauth2(Tokens.forAccount(p.owner())).queryParam("from", "2026-01-01T00:00:00Z")
                .queryParam("to", "2026-01-02T00:00:00Z").queryParam("event", "buy")
                .when().get("/v1/projects/{id}/breakdown", p.id())
                .then().statusCode(422).body("id", equalTo("invalid_params"));
        given().auth().oauth2(Tokens.forAccount(p.owner())).queryParam("from", "2026-01-01T00:00:00Z")
                .queryParam("to", "2026-01-02T00:00:00Z").queryParam("event", "buy").queryParam("property", "plan")
                .queryParam("limit", 101)
                .when().get("/v1/projects/{id}/breakdown", p.id())
                .then().statusCode(422);
        given().auth().oauth2(Tokens.forAccount(TestAccount.create())).queryParam("from", "2026-01-01T00:00:00Z")
                .queryParam("to", "2026-01-02T00:00:00Z").queryParam("event", "buy").queryParam("property", "plan")
                .when().get("/v1/projects/{id}/breakdown", p.id())
                .then().statusCode(404);
    }
}
