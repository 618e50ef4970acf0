package io.stratus.dashboard.config;

import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConfigVarResourceTest {

    @Test
    void setUpdateAndRemoveEachMakeAReleaseWithTheWholeMap() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        owner.req().get("/apps/{app}/config-vars", app).then().statusCode(200).body("$", anEmptyMap());
        owner.json(Map.of("B", "2", "A", "1")).patch("/apps/{app}/config-vars", app).then().statusCode(200)
                .body("A", equalTo("1")).body("B", equalTo("2"));
        Map<String, Object> update = new HashMap<>();
        update.put("A", "10");
        update.put("B", null);
        update.put("C", "3");
        owner.json(update).patch("/apps/{app}/config-vars", app).then().statusCode(200)
                .body("A", equalTo("10")).body("C", equalTo("3")).body("$", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasKey("B")));
        owner.req().get("/apps/{app}/releases", app).then().statusCode(200).body("", hasSize(3))
                .body("[1].description", equalTo("Set A, B config vars"))
                .body("[2].description", equalTo("Set C config vars, Update A config vars, Remove B config vars"))
                .body("[2].current", equalTo(true)).body("[1].current", equalTo(false));
        owner.req().get("/apps/{app}/releases/2/config-vars", app).then().statusCode(200)
                .body("A", equalTo("1")).body("B", equalTo("2"));
    }

    @Test
    void anUnchangingPatchMakesNoRelease() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        owner.json(Map.of("A", "1")).patch("/apps/{app}/config-vars", app).then().statusCode(200);
        owner.json(Map.of("A", "1")).patch("/apps/{app}/config-vars", app).then().statusCode(200);
        Map<String, Object> removeMissing = new HashMap<>();
        removeMissing.put("NOPE", null);
        owner.json(removeMissing).patch("/apps/{app}/config-vars", app).then().statusCode(200);
        owner.req().get("/apps/{app}/releases", app).then().body("", hasSize(2));
    }

    @Test
    void rejectsBadKeysNonStringValuesAndOversizedMaps() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        owner.json(Map.of("BAD-KEY", "x")).patch("/apps/{app}/config-vars", app).then().statusCode(422)
                .contentType(ContentType.JSON).body("id", equalTo("invalid_params"))
                .body("message", containsString("BAD-KEY"));
        owner.json(Map.of("N", 5)).patch("/apps/{app}/config-vars", app).then().statusCode(422);
        owner.json(Map.of("N", List.of("a"))).patch("/apps/{app}/config-vars", app).then().statusCode(422);
        owner.json("[1,2]").patch("/apps/{app}/config-vars", app).then().statusCode(400);
        owner.json(Map.of("BIG", "x".repeat(40 * 1024))).patch("/apps/{app}/config-vars", app).then()
                .statusCode(422).body("message", containsString("32768"));
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 501; i++) {
            many.put("K" + i, "v");
        }
        owner.json(many).patch("/apps/{app}/config-vars", app).then().statusCode(422)
                .body("message", containsString("500"));
        owner.json("{\"A\": ").patch("/apps/{app}/config-vars", app).then().statusCode(400);
        owner.json(Map.of("A", "x".repeat(70 * 1024))).patch("/apps/{app}/config-vars", app).then().statusCode(413);
        owner.req().get("/apps/{app}/config-vars", app).then().body("$", anEmptyMap());
        owner.req().get("/apps/{app}/releases", app).then().body("", hasSize(1));
    }
}
