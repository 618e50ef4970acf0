package io.stratus.dashboard.app;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Method;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stranger gets the same 404 on every route of someone else's app, by name or id, and changes nothing. */
@QuarkusTest
class IsolationTest {
    record Route(Method method, String path, Object body) {
    }

    static final List<Route> ROUTES = List.of(
            new Route(Method.GET, "/apps/{app}", null),
            new Route(Method.PATCH, "/apps/{app}", Map.of("maintenance", true)),
            new Route(Method.DELETE, "/apps/{app}", null),
            new Route(Method.GET, "/apps/{app}/addons", null),
            new Route(Method.GET, "/apps/{app}/config-vars", null),
            new Route(Method.PATCH, "/apps/{app}/config-vars", Map.of("A", "1")),
            new Route(Method.GET, "/apps/{app}/formation", null),
            new Route(Method.GET, "/apps/{app}/formation/web", null),
            new Route(Method.PATCH, "/apps/{app}/formation", Map.of("updates", List.of(Map.of("type", "web",
                    "quantity", 1)))),
            new Route(Method.PATCH, "/apps/{app}/formation/web", Map.of("quantity", 1)),
            new Route(Method.GET, "/apps/{app}/dynos", null),
            new Route(Method.GET, "/apps/{app}/dynos/web.1", null),
            new Route(Method.POST, "/apps/{app}/dynos", Map.of("command", "bash")),
            new Route(Method.DELETE, "/apps/{app}/dynos", null),
            new Route(Method.DELETE, "/apps/{app}/dynos/web.1", null),
            new Route(Method.POST, "/apps/{app}/dynos/web.1/actions/stop", null),
            new Route(Method.DELETE, "/apps/{app}/formations/web", null),
            new Route(Method.POST, "/apps/{app}/formations/web/actions/stop", null),
            new Route(Method.GET, "/apps/{app}/releases", null),
            new Route(Method.GET, "/apps/{app}/releases/1", null),
            new Route(Method.GET, "/apps/{app}/releases/1/config-vars", null),
            new Route(Method.POST, "/apps/{app}/releases", Map.of("release", 1)),
            new Route(Method.GET, "/apps/{app}/collaborators", null),
            new Route(Method.GET, "/apps/{app}/collaborators/x@example.test", null),
            new Route(Method.POST, "/apps/{app}/collaborators", Map.of("user", "x@example.test")),
            new Route(Method.DELETE, "/apps/{app}/collaborators/x@example.test", null));

    @Test
    void strangerGets404OnEveryRouteByNameAndId() {
        User owner = TestApi.user();
        User stranger = TestApi.user();
        String app = TestApi.app(owner);
        owner.json(Map.of("quantity", 1)).patch("/apps/{app}/formation/web", app).then().statusCode(200);
        String id = owner.req().get("/apps/{app}", app).then().extract().path("id");
        for (String ref : new String[] {app, id}) {
            for (Route route : ROUTES) {
                var request = route.body() == null ? stranger.req() : stranger.json(route.body());
                request.request(route.method(), route.path(), ref).then()
                        .statusCode(404).contentType(ContentType.JSON)
                        .body("id", equalTo("not_found")).body("message", equalTo("Couldn't find that app."));
            }
        }
        stranger.req().get("/apps").then().statusCode(200).body("", hasSize(0));
        owner.req().get("/apps/{app}", app).then().statusCode(200).body("maintenance", equalTo(false));
        owner.req().get("/apps/{app}/config-vars", app).then().body("$", org.hamcrest.Matchers.anEmptyMap());
        owner.req().get("/apps/{app}/formation/web", app).then().body("quantity", equalTo(1));
        owner.req().get("/apps/{app}/releases", app).then().body("", hasSize(1));
        owner.req().get("/apps/{app}/collaborators", app).then().body("", hasSize(1));
    }

    @Test
    void missingAppsLookTheSameAsHiddenOnes() {
        User stranger = TestApi.user();
        stranger.req().get("/apps/{app}", "no-such-app-here").then().statusCode(404)
                .body("message", equalTo("Couldn't find that app."));
        stranger.req().get("/apps/{app}", java.util.UUID.randomUUID()).then().statusCode(404)
                .body("message", equalTo("Couldn't find that app."));
    }
}
