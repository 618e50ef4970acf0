package io.stratus.dashboard.dyno;

import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.isOneOf;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DynoResourceTest {

    @Test
    void listsFormationDynosAndOneOffs() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        owner.req().get("/apps/{app}/dynos", app).then().statusCode(200).body("", hasSize(0));
        owner.json(Map.of("quantity", 2)).patch("/apps/{app}/formation/web", app).then().statusCode(200);
        owner.req().get("/apps/{app}/dynos", app).then().statusCode(200)
                .body("name", equalTo(List.of("web.1", "web.2"))).body("[0].type", equalTo("web"))
                .body("[0].state", isOneOf("starting", "up")).body("[0].release.version", equalTo(1))
                .body("[0].app.name", equalTo(app)).body("[0].size", equalTo("basic"));
        owner.json(Map.of("command", "bash")).post("/apps/{app}/dynos", app).then().statusCode(201)
                .body("name", equalTo("run.1")).body("state", equalTo("starting")).body("command", equalTo("bash"));
        owner.req().get("/apps/{app}/dynos/run.1", app).then().statusCode(200).body("type", equalTo("run"));
        owner.req().get("/apps/{app}/dynos/web.2", app).then().statusCode(200);
        owner.req().get("/apps/{app}/dynos/web.3", app).then().statusCode(404).contentType(ContentType.JSON);
        owner.json(Map.of()).post("/apps/{app}/dynos", app).then().statusCode(422);
        owner.json(Map.of("command", "x", "size", "giant")).post("/apps/{app}/dynos", app).then().statusCode(422);
    }

    @Test
    void restartAndStopAnswer202WithAnEmptyObjectAndChangeNoFormation() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        owner.json(Map.of("quantity", 1)).patch("/apps/{app}/formation/web", app).then().statusCode(200);
        owner.json(Map.of("command", "bash")).post("/apps/{app}/dynos", app).then().statusCode(201);
        owner.req().delete("/apps/{app}/dynos", app).then().statusCode(202).body("$", anEmptyMap());
        owner.req().delete("/apps/{app}/dynos/web.1", app).then().statusCode(202).body("$", anEmptyMap());
        owner.req().delete("/apps/{app}/formations/web", app).then().statusCode(202);
        owner.req().post("/apps/{app}/formations/web/actions/stop", app).then().statusCode(202);
        owner.req().post("/apps/{app}/dynos/run.1/actions/stop", app).then().statusCode(202);
        owner.req().get("/apps/{app}/dynos", app).then().body("name", equalTo(List.of("web.1")));
        owner.req().delete("/apps/{app}/formations/worker", app).then().statusCode(404);
        owner.req().delete("/apps/{app}/dynos/web.9", app).then().statusCode(404);
        owner.req().get("/apps/{app}/formation/web", app).then().body("quantity", equalTo(1));
        owner.req().get("/apps/{app}/releases", app).then().body("", hasSize(1));
    }
}
