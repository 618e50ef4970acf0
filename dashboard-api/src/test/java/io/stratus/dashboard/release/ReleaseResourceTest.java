package io.stratus.dashboard.release;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReleaseResourceTest {

    static String appWithReleases(User owner, int configChanges) {
        String app = TestApi.app(owner);
        for (int i = 1; i <= configChanges; i++) {
            owner.json(Map.of("V", Integer.toString(i))).patch("/apps/{app}/config-vars", app).then().statusCode(200);
        }
        return app;
    }

    @Test
    void listsReleasesWithEveryKeyAndOneCurrent() {
        User owner = TestApi.user();
        String app = appWithReleases(owner, 2);
        owner.req().get("/apps/{app}/releases", app).then().statusCode(200).body("version", equalTo(
                        java.util.List.of(1, 2, 3)))
                .body("status", everyItem(equalTo("succeeded"))).body("eligible_for_rollback", everyItem(equalTo(true)))
                .body("current", equalTo(java.util.List.of(false, false, true)))
                .body("[0].user.email", equalTo(owner.email())).body("[0].app.name", equalTo(app))
                .body("[0].addon_plan_names", hasSize(0)).body("[0].artifacts", hasSize(0))
                .body("[0]", org.hamcrest.Matchers.hasKey("slug")).body("[0].output_stream_url", nullValue());
    }

    @Test
    void pagesNewestFirstTheWayTheCliAsks() {
        User owner = TestApi.user();
        String app = appWithReleases(owner, 3);
        Response first = owner.req().header("Range", "version ..; order=desc,max=1").get("/apps/{app}/releases", app);
        first.then().statusCode(206).body("version", equalTo(java.util.List.of(4)))
                .header("Next-Range", equalTo("version ]4..; max=1, order=desc"));
        owner.req().header("Range", "version ]2..; max=5, order=desc").get("/apps/{app}/releases", app).then()
                .statusCode(200).body("version", equalTo(java.util.List.of(1))).header("Next-Range", nullValue());
        owner.req().header("Range", "version ]1..; max=3").get("/apps/{app}/releases", app).then()
                .statusCode(200).body("version", equalTo(java.util.List.of(2, 3, 4)));
        owner.req().header("Range", "version ..3").get("/apps/{app}/releases", app).then()
                .statusCode(200).body("version", equalTo(java.util.List.of(1, 2, 3)));
        owner.req().header("Range", "version ]abc..").get("/apps/{app}/releases", app).then().statusCode(416)
                .contentType(ContentType.JSON);
        owner.req().header("Range", "version ..; max=-5").get("/apps/{app}/releases", app).then().statusCode(416);
    }

    @Test
    void showsOneReleaseByVersionOrId() {
        User owner = TestApi.user();
        String app = appWithReleases(owner, 1);
        String id = owner.req().get("/apps/{app}/releases/2", app).then().statusCode(200)
                .body("description", equalTo("Set V config vars")).extract().path("id");
        owner.req().get("/apps/{app}/releases/{id}", app, id).then().statusCode(200).body("version", equalTo(2));
        owner.req().get("/apps/{app}/releases/9", app).then().statusCode(404).contentType(ContentType.JSON);
        owner.req().get("/apps/{app}/releases/latest", app).then().statusCode(404);
    }

    @Test
    void rollbackMakesANewReleaseRestoringTheTargetsConfig() {
        User owner = TestApi.user();
        String app = appWithReleases(owner, 2);
        owner.json(Map.of("release", 2)).post("/apps/{app}/releases", app).then().statusCode(201)
                .body("version", equalTo(4)).body("description", equalTo("Rollback to v2"))
                .body("current", equalTo(true));
        owner.req().get("/apps/{app}/config-vars", app).then().body("V", equalTo("1"));
        String v1 = owner.req().get("/apps/{app}/releases/1", app).then().extract().path("id");
        owner.json(Map.of("release", v1)).post("/apps/{app}/releases", app).then().statusCode(201)
                .body("version", equalTo(5)).body("description", equalTo("Rollback to v1"));
        owner.req().get("/apps/{app}/config-vars", app).then().body("$", org.hamcrest.Matchers.anEmptyMap());
    }

    @Test
    void rollbackNeedsAnExistingRelease() {
        User owner = TestApi.user();
        String app = appWithReleases(owner, 1);
        owner.json(Map.of()).post("/apps/{app}/releases", app).then().statusCode(422)
                .body("id", equalTo("invalid_params")).body("message", containsString("release"));
        owner.json(Map.of("release", 42)).post("/apps/{app}/releases", app).then().statusCode(404);
        owner.req().get("/apps/{app}/releases", app).then().body("", hasSize(2));
    }
}
