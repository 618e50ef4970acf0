package io.stratus.dashboard.formation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.dashboard.RecordedEvents;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import io.stratus.dashboard.api.FormationScaled;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FormationResourceTest {

    @Inject
    RecordedEvents recorded;

    static Map<String, Object> batch(Map<String, Object>... updates) {
        return Map.of("updates", List.of(updates));
    }

    @Test
    void scalesWithNumbersStringsAndRelativeQuantities() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        owner.json(batch(Map.of("type", "web", "quantity", 2))).patch("/apps/{app}/formation", app).then()
                .statusCode(200).body("", hasSize(1)).body("[0].quantity", equalTo(2))
                .body("[0].app.name", equalTo(app)).body("[0].dyno_size.name", equalTo("basic"));
        owner.json(batch(Map.of("type", "web", "quantity", "5"))).patch("/apps/{app}/formation", app).then()
                .body("[0].quantity", equalTo(5));
        owner.json(Map.of("quantity", "+1")).patch("/apps/{app}/formation/web", app).then().statusCode(200)
                .body("quantity", equalTo(6)).body("type", equalTo("web"));
        owner.json(Map.of("quantity", "-2")).patch("/apps/{app}/formation/web", app).then()
                .body("quantity", equalTo(4));
        owner.req().get("/apps/{app}/formation/web", app).then().statusCode(200).body("quantity", equalTo(4));
    }

    @Test
    void changesSizeByNameOrDynoSizeAnyCaseAndFiresTwoEventsAtOneInstant() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        String appId = owner.req().get("/apps/{app}", app).then().extract().path("id");
        owner.json(Map.of("quantity", 2)).patch("/apps/{app}/formation/web", app).then().statusCode(200);
        owner.json(Map.of("size", "Standard-2X")).patch("/apps/{app}/formation/web", app).then().statusCode(200)
                .body("size", equalTo("standard-2x")).body("dyno_size.name", equalTo("standard-2x"));
        owner.json(Map.of("dyno_size", Map.of("name", "performance-m"))).patch("/apps/{app}/formation/web", app)
                .then().body("size", equalTo("performance-m"));
        List<Object> events = recorded.forApp(UUID.fromString(appId));
        assertEquals(5, events.size(), events.toString());
        FormationScaled oldSize = (FormationScaled) events.get(1);
        FormationScaled newSize = (FormationScaled) events.get(2);
        assertEquals("basic", oldSize.size());
        assertEquals(2, oldSize.oldQuantity());
        assertEquals(0, oldSize.newQuantity());
        assertEquals("standard-2x", newSize.size());
        assertEquals(0, newSize.oldQuantity());
        assertEquals(2, newSize.newQuantity());
        assertEquals(oldSize.at(), newSize.at());
    }

    @Test
    void sameQuantityFiresNothing() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        String appId = owner.req().get("/apps/{app}", app).then().extract().path("id");
        owner.json(Map.of("quantity", 0)).patch("/apps/{app}/formation/web", app).then().statusCode(200);
        owner.json(Map.of("size", "eco")).patch("/apps/{app}/formation/web", app).then().statusCode(200);
        List<Object> events = recorded.forApp(UUID.fromString(appId));
        assertEquals(1, events.size(), events.toString());
        assertTrue(((FormationScaled) events.get(0)).newQuantity() == 0);
    }

    @Test
    void rejectsBadQuantitiesSizesAndTypes() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        for (Object bad : new Object[] {-1, 101, "999999999999999999999", "many", "+200", "-1", true}) {
            owner.json(Map.of("quantity", bad)).patch("/apps/{app}/formation/web", app).then().statusCode(422)
                    .contentType(ContentType.JSON).body("id", equalTo("invalid_params"));
        }
        owner.json(Map.of("size", "huge")).patch("/apps/{app}/formation/web", app).then().statusCode(422);
        owner.json(Map.of("quantity", 1)).patch("/apps/{app}/formation/worker", app).then().statusCode(404)
                .body("message", equalTo("Couldn't find that process type (worker)."));
        owner.req().get("/apps/{app}/formation/worker", app).then().statusCode(404);
        owner.json(Map.of("updates", "web=1")).patch("/apps/{app}/formation", app).then().statusCode(400);
        owner.json(Map.of()).patch("/apps/{app}/formation", app).then().statusCode(422);
        owner.json(Map.of("updates", List.of(Map.of("quantity", 1)))).patch("/apps/{app}/formation", app).then()
                .statusCode(422);
        owner.req().get("/apps/{app}/formation/web", app).then().body("quantity", equalTo(0));
    }

    @Test
    void aBatchIsAllOrNothing() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        owner.json(batch(Map.of("type", "web", "quantity", 3), Map.of("type", "worker", "quantity", 1)))
                .patch("/apps/{app}/formation", app).then().statusCode(404);
        owner.json(batch(Map.of("type", "web", "quantity", 3), Map.of("type", "web", "size", "nope")))
                .patch("/apps/{app}/formation", app).then().statusCode(422);
        owner.req().get("/apps/{app}/formation/web", app).then().body("quantity", equalTo(0));
    }
}
