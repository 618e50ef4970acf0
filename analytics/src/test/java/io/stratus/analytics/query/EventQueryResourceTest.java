package io.stratus.analytics.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventQueryResourceTest {
    @Inject
    AgroalDataSource db;

    private TestProject projectWithEvents(int n) {
        TestProject p = TestProjects.create();
        long t = System.currentTimeMillis() - 3_600_000;
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"event\":\"").append(i % 2 == 0 ? "view" : "buy")
                    .append("\",\"token\":\"").append(p.token()).append("\",\"distinct_id\":\"u").append(i % 3)
                    .append("\",\"time\":").append(t + i).append(",\"properties\":{\"plan\":\"")
                    .append(i % 4 == 0 ? "pro" : "free").append("\",\"n\":").append(i).append("}}");
        }
        given().contentType(ContentType.JSON).body(b.append("]").toString()).when().post("/v1/events")
                .then().statusCode(202);
        StoredEvents.awaitCount(db, p.id(), n);
        return p;
    }

    private static String from() {
        return Instant.now().minus(1, ChronoUnit.DAYS).toString();
    }

    private static String to() {
        return Instant.now().plus(1, ChronoUnit.HOURS).toString();
    }

    @Test
    void listsStoredEventsNewestFirstWithFilters() {
        TestProject p = projectWithEvents(12);
        String token = Tokens.forAccount(p.owner());
        given().auth().oauth2(token).queryParam("from", from()).queryParam("to", to())
                .when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(200).contentType(ContentType.JSON).body("", hasSize(12))
                .body("[0].properties.n", equalTo(11))
                .body("[0].time", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z"));
        given().auth().oauth2(token).queryParam("from", from()).queryParam("to", to())
                .queryParam("event", "view").queryParam("where", "{\"plan\":\"pro\"}")
                .when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(200).body("", hasSize(3)).body("[0].properties.n", equalTo(8));
        given().auth().oauth2(token).queryParam("from", from()).queryParam("to", to()).queryParam("distinct_id", "u0")
                .when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(200).body("", hasSize(4));
    }

    @Test
    void pagesWithRange() {
        TestProject p = projectWithEvents(5);
        String token = Tokens.forAccount(p.owner());
        String next = given().auth().oauth2(token).queryParam("from", from()).queryParam("to", to())
                .header("Range", "id ..; max=3")
                .when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(206).body("", hasSize(3)).extract().header("Next-Range");
        given().auth().oauth2(token).queryParam("from", from()).queryParam("to", to()).header("Range", next)
                .when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(200).body("", hasSize(2)).body("[1].properties.n", equalTo(0));
    }

    @Test
    void otherAccountsGet404AndAnonymous401() {
        TestProject p = projectWithEvents(1);
        given().auth().oauth2(Tokens.forAccount(TestAccount.create())).queryParam("from", from())
                .queryParam("to", to())
                .when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(404).body("id", equalTo("not_found"));
        given().queryParam("from", from()).queryParam("to", to())
                .when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(401);
        given().auth().oauth2(Tokens.service("dash", "analytics:read")).queryParam("from", from())
                .queryParam("to", to())
                .when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(200).body("", hasSize(1));
    }

    @Test
    void badParametersAre422() {
        TestProject p = TestProjects.create();
        String token = Tokens.forAccount(p.owner());
        given().auth().oauth2(token).when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(422).body("id", equalTo("invalid_params"));
        given().auth().oauth2(token).queryParam("from", "yesterday").queryParam("to", to())
                .when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(422);
        given().auth().oauth2(token).queryParam("from", from()).queryParam("to", to()).queryParam("where", "[1]")
                .when().get("/v1/projects/{id}/events", p.id())
                .then().statusCode(422);
    }
}
