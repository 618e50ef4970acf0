package io.stratus.dashboard.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.stratus.common.testing.Tokens;
import io.stratus.dashboard.RecordedEvents;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import io.stratus.dashboard.api.AppDeleted;
import io.stratus.dashboard.api.FormationScaled;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AppResourceTest {
    static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @Inject
    RecordedEvents recorded;

    @Test
    void createsAnAppWithEveryKeyTheCliNeeds() {
        User owner = TestApi.user();
        String name = TestApi.uniqueName();
        owner.json(Map.of("name", name, "region", "eu", "stack", "heroku-22", "unknown", 1)).post("/apps")
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("name", equalTo(name))
                .body("owner.id", equalTo(owner.id().toString())).body("owner.email", equalTo(owner.email()))
                .body("region.name", equalTo("eu")).body("stack.name", equalTo("heroku-22"))
                .body("build_stack.name", equalTo("heroku-22")).body("generation.name", equalTo("cedar"))
                .body("web_url", equalTo("https://" + name + ".stratusapp.localhost/"))
                .body("git_url", containsString(name + ".git"))
                .body("$", hasKey("repo_size")).body("$", hasKey("slug_size")).body("$", hasKey("space"))
                .body("maintenance", equalTo(false)).body("acm", equalTo(false))
                .body("created_at", matchesPattern(TIMESTAMP)).body("released_at", matchesPattern(TIMESTAMP));
        owner.req().get("/apps/{app}/formation", name).then().statusCode(200)
                .body("", hasSize(1)).body("[0].type", equalTo("web")).body("[0].quantity", equalTo(0))
                .body("[0].size", equalTo("basic"));
        owner.req().get("/apps/{app}/releases", name).then().statusCode(200)
                .body("", hasSize(1)).body("[0].version", equalTo(1))
                .body("[0].description", equalTo("Initial release"));
    }

    @Test
    void picksAFreeNameWhenNoneIsGiven() {
        User owner = TestApi.user();
        owner.json("{}").post("/apps").then().statusCode(201)
                .body("name", matchesPattern("^[a-z]+-[a-z]+-\\d{4}$"));
        owner.json("").post("/apps").then().statusCode(201);
    }

    @Test
    void rejectsInvalidAndTakenNamesWith422() {
        User owner = TestApi.user();
        for (String bad : new String[] {"ab", "Upper-case", "1starts-with-digit", "ends-with-dash-", "has_underscore",
            "x".repeat(31)}) {
            owner.json(Map.of("name", bad)).post("/apps").then().statusCode(422).contentType(ContentType.JSON)
                    .body("id", equalTo("invalid_params"));
        }
        String name = TestApi.app(owner);
        TestApi.user().json(Map.of("name", name)).post("/apps").then().statusCode(422)
                .body("id", equalTo("invalid_params")).body("message", equalTo("Name is already taken"));
        owner.json(Map.of("region", "mars")).post("/apps").then().statusCode(422);
        owner.json(Map.of("stack", "cedar-14")).post("/apps").then().statusCode(422);
    }

    @Test
    void refusesMissingBadAndServiceTokens() {
        given().get("/apps").then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Bearer").body("id", equalTo("unauthorized"))
                .body("message", equalTo("Invalid credentials provided."));
        given().auth().oauth2("not.a.token").get("/apps").then().statusCode(401).body("id", equalTo("unauthorized"));
        given().auth().oauth2(Tokens.service("billing", "billing:write")).get("/apps").then().statusCode(403)
                .body("id", equalTo("forbidden"));
    }

    @Test
    void answersMalformedAndOversizedBodiesWithJsonErrors() {
        User owner = TestApi.user();
        owner.req().contentType(ContentType.JSON).body("{\"name\": ").post("/apps").then().statusCode(400)
                .body("id", equalTo("bad_request"));
        owner.json("{\"name\":\"" + "x".repeat(70 * 1024) + "\"}").post("/apps").then().statusCode(413)
                .body("id", equalTo("request_too_large"));
        owner.json(Map.of("name", List.of(1))).post("/apps").then().statusCode(400);
    }

    @Test
    void servesTheHerokuVendorMediaType() {
        User owner = TestApi.user();
        owner.req().accept("application/vnd.heroku+json; version=3").get("/apps").then().statusCode(200)
                .contentType(ContentType.JSON);
        owner.req().accept("application/vnd.heroku+json; version=2").get("/apps").then().statusCode(406);
    }

    @Test
    void findsAppsByIdOrNameAndListsOwnedAndCollaborated() {
        User owner = TestApi.user();
        String name = TestApi.app(owner);
        String id = owner.req().get("/apps/{app}", name).then().statusCode(200).extract().path("id");
        owner.req().get("/apps/{app}", id).then().statusCode(200).body("name", equalTo(name));
        User other = TestApi.user();
        String shared = TestApi.app(other);
        other.json(Map.of("user", owner.email())).post("/apps/{app}/collaborators", shared).then().statusCode(201);
        owner.req().get("/apps").then().statusCode(200).body("name", hasItem(name)).body("name", hasItem(shared))
                .body("", hasSize(2)).header("Accept-Ranges", containsString("name"));
        owner.req().get("/users/~/apps").then().statusCode(200).body("", hasSize(2));
    }

    @Test
    void pagesAppsWithRangeAndStopsOnTheLastPage() {
        User owner = TestApi.user();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            names.add(TestApi.app(owner));
        }
        names.sort(String::compareTo);
        Response first = owner.req().header("Range", "name ..; max=2").get("/apps");
        first.then().statusCode(206).body("name", equalTo(names.subList(0, 2)))
                .header("Next-Range", equalTo("name ]" + names.get(1) + "..; max=2, order=asc"));
        Response second = owner.req().header("Range", first.header("Next-Range")).get("/apps");
        second.then().statusCode(206).body("name", equalTo(names.subList(2, 4)));
        Response last = owner.req().header("Range", second.header("Next-Range")).get("/apps");
        last.then().statusCode(200).body("name", equalTo(names.subList(4, 5))).header("Next-Range", nullValue());
        owner.req().header("Range", "name ..; order=desc, max=1").get("/apps").then().statusCode(206)
                .body("[0].name", equalTo(names.get(4)));
        owner.req().header("Range", "id ..; max=10").get("/apps").then().statusCode(200).body("", hasSize(5));
        owner.req().header("Range", "updated_at ..; max=3").get("/apps").then().statusCode(206);
        owner.req().header("Range", "").get("/apps").then().statusCode(200);
    }

    @Test
    void rejectsMalformedRangeWith416() {
        User owner = TestApi.user();
        for (String bad : new String[] {"size ..", "name ..; max=0", "name ..; order=sideways", "id ]nope..",
            "updated_at ]yesterday..", "name ..; max=x"}) {
            owner.req().header("Range", bad).get("/apps").then().statusCode(416).contentType(ContentType.JSON)
                    .body("id", equalTo("requested_range_not_satisfiable"));
        }
    }

    @Test
    void renamesAndTogglesMaintenance() {
        User owner = TestApi.user();
        String name = TestApi.app(owner);
        String renamed = TestApi.uniqueName();
        owner.json(Map.of("name", renamed, "maintenance", true)).patch("/apps/{app}", name).then().statusCode(200)
                .body("name", equalTo(renamed)).body("maintenance", equalTo(true));
        owner.req().get("/apps/{app}", name).then().statusCode(404).body("message", equalTo("Couldn't find that app."));
        owner.json(Map.of("name", "BAD NAME")).patch("/apps/{app}", renamed).then().statusCode(422);
        String taken = TestApi.app(owner);
        owner.json(Map.of("name", taken)).patch("/apps/{app}", renamed).then().statusCode(422)
                .body("message", equalTo("Name is already taken"));
    }

    @Test
    void onlyTheOwnerRenamesOrDeletes() {
        User owner = TestApi.user();
        User collaborator = TestApi.user();
        String name = TestApi.app(owner);
        owner.json(Map.of("user", collaborator.email())).post("/apps/{app}/collaborators", name).then()
                .statusCode(201);
        collaborator.json(Map.of("name", TestApi.uniqueName())).patch("/apps/{app}", name).then().statusCode(403)
                .body("id", equalTo("forbidden"));
        collaborator.json(Map.of("maintenance", true)).patch("/apps/{app}", name).then().statusCode(200);
        collaborator.req().delete("/apps/{app}", name).then().statusCode(403);
        owner.req().get("/apps/{app}", name).then().statusCode(200);
    }

    @Test
    void deleteReturnsTheAppAndFiresScaleDownThenAppDeleted() {
        User owner = TestApi.user();
        String name = TestApi.app(owner);
        String id = owner.req().get("/apps/{app}", name).then().extract().path("id");
        owner.json(Map.of("updates", List.of(Map.of("type", "web", "quantity", 3))))
                .patch("/apps/{app}/formation", name)
                .then().statusCode(200);
        owner.req().delete("/apps/{app}", name).then().statusCode(200).body("name", equalTo(name))
                .body("id", equalTo(id));
        owner.req().get("/apps/{app}", name).then().statusCode(404);
        owner.req().delete("/apps/{app}", name).then().statusCode(404);
        List<Object> events = recorded.forApp(UUID.fromString(id));
        assertEquals(3, events.size(), events.toString());
        FormationScaled up = (FormationScaled) events.get(0);
        FormationScaled down = (FormationScaled) events.get(1);
        AppDeleted deleted = (AppDeleted) events.get(2);
        assertEquals(0, up.oldQuantity());
        assertEquals(3, up.newQuantity());
        assertEquals(owner.id(), up.accountId());
        assertEquals(3, down.oldQuantity());
        assertEquals(0, down.newQuantity());
        assertEquals(down.at(), deleted.at());
        assertEquals(name, deleted.appName());
        // A name is free again once its app is gone.
        owner.json(Map.of("name", name)).post("/apps").then().statusCode(201);
    }

    @Test
    void stubsTheCliNeeds() {
        User owner = TestApi.user();
        String name = TestApi.app(owner);
        owner.req().get("/apps/{app}/addons", name).then().statusCode(200).body("", hasSize(0));
        owner.req().get("/addon-attachments").then().statusCode(200).body("", hasSize(0));
        owner.req().get("/apps/{app}/pipeline-couplings", name).then().statusCode(404).contentType(ContentType.JSON);
        owner.req().get("/regions").then().statusCode(200).body("name", equalTo(List.of("us", "eu")));
        owner.req().get("/regions/eu").then().statusCode(200).body("name", equalTo("eu"));
        owner.req().get("/regions/mars").then().statusCode(404);
        owner.req().get("/stacks").then().statusCode(200).body("name", hasItem("heroku-24"))
                .body("default", hasItem(true));
        owner.req().get("/stacks/heroku-22").then().statusCode(200).body("default", equalTo(false));
    }
}
