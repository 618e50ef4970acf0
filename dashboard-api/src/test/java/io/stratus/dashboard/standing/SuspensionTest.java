package io.stratus.dashboard.standing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.dashboard.RecordedEvents;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import io.stratus.dashboard.api.FormationScaled;
import io.stratus.dashboard.api.Suspensions;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * dashboard-api's side of suspension without billing: nothing implements {@code Entitlements} here, so everything
 * is allowed and the standing is the neutral one. Billing's side and the full story are in app's LicensingTest.
 */
@QuarkusTest
class SuspensionTest {
    @Inject
    Suspensions suspensions;
    @Inject
    RecordedEvents recorded;

    @Test
    void suspendingStopsOwnAppsThroughTheFormationPathAndRestorePutsThemBack() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        owner.json(Map.of("updates", List.of(Map.of("type", "web", "quantity", 3, "size", "standard-2x"))))
                .patch("/apps/{app}/formation", app).then().statusCode(200);
        // An app the suspended account only collaborates on belongs to someone else, who pays for it.
        User other = TestApi.user();
        String theirs = TestApi.app(other);
        other.json(Map.of("quantity", 1)).patch("/apps/{app}/formation/web", theirs).then().statusCode(200);
        other.json(Map.of("user", owner.email())).post("/apps/{app}/collaborators", theirs).then().statusCode(201);
        String appId = owner.req().get("/apps/{app}", app).then().extract().path("id");

        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        QuarkusTransaction.requiringNew().run(() -> suspensions.suspend(owner.id(), at));
        owner.req().get("/apps/{app}/formation/web", app).then().statusCode(200).body("quantity", equalTo(0))
                .body("size", equalTo("standard-2x")).body("updated_at", equalTo(at.toString()));
        owner.req().get("/apps/{app}/formation/web", theirs).then().body("quantity", equalTo(1));
        List<Object> events = recorded.forApp(UUID.fromString(appId));
        assertEquals(new FormationScaled(UUID.fromString(appId), owner.id(), "web", "standard-2x", 3, 0, at),
                events.get(events.size() - 1));

        // Again: nothing runs any more, so nothing changes and the record of 3 x standard-2x stays.
        QuarkusTransaction.requiringNew().run(() -> suspensions.suspend(owner.id(), at.plusSeconds(60)));
        assertEquals(events.size(), recorded.forApp(UUID.fromString(appId)).size());

        owner.req().post("/account/formation/restore").then().statusCode(200).body("$", hasSize(1))
                .body("[0].app.name", equalTo(app)).body("[0].quantity", equalTo(3))
                .body("[0].size", equalTo("standard-2x"));
        owner.req().get("/apps/{app}/formation/web", app).then().body("quantity", equalTo(3));
        owner.req().post("/account/formation/restore").then().statusCode(200).body("$", hasSize(0));
        owner.req().get("/account").then().statusCode(200).body("verified", equalTo(true))
                .body("suspended_at", nullValue()).body("delinquent_at", nullValue()).body("app_limit", nullValue());
    }

    @Test
    void restoreNeedsAUserToken() {
        given().post("/account/formation/restore").then().statusCode(401);
    }
}
