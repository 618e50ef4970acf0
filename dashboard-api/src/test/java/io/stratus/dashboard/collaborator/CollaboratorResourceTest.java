package io.stratus.dashboard.collaborator;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.common.testing.Tokens;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CollaboratorResourceTest {

    @Test
    void listsTheOwnerAndAddsCollaboratorsByEmailAnyCase() {
        User owner = TestApi.user();
        User friend = TestApi.user();
        friend.req().get("/account").then().statusCode(200);
        String app = TestApi.app(owner);
        owner.req().get("/apps/{app}/collaborators", app).then().statusCode(200).body("", hasSize(1))
                .body("[0].role", equalTo("owner")).body("[0].user.email", equalTo(owner.email()))
                .body("[0].user.federated", equalTo(false)).body("[0].permissions", hasSize(0));
        owner.json(Map.of("user", friend.email().toUpperCase())).post("/apps/{app}/collaborators", app).then()
                .statusCode(201).body("role", equalTo("collaborator")).body("user.id", equalTo(friend.id().toString()))
                .body("app.name", equalTo(app));
        owner.req().get("/apps/{app}/collaborators/{email}", app, friend.email()).then().statusCode(200)
                .body("user.email", equalTo(friend.email()));
        friend.req().get("/apps/{app}", app).then().statusCode(200);
        friend.json(Map.of("quantity", 1)).patch("/apps/{app}/formation/web", app).then().statusCode(200);
        owner.json(Map.of("user", friend.email())).post("/apps/{app}/collaborators", app).then().statusCode(422)
                .body("id", equalTo("invalid_params"));
        owner.json(Map.of("user", "not an email")).post("/apps/{app}/collaborators", app).then().statusCode(422);
        owner.json(Map.of()).post("/apps/{app}/collaborators", app).then().statusCode(422);
    }

    @Test
    void anUnknownEmailBindsToTheFirstUserWhoseTokenCarriesIt() {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        String email = "later-" + UUID.randomUUID() + "@example.test";
        owner.json(Map.of("user", email)).post("/apps/{app}/collaborators", app).then().statusCode(201)
                .body("user.email", equalTo(email));
        UUID laterId = UUID.randomUUID();
        String token = Tokens.user(laterId, email, java.util.Set.of("user"));
        io.restassured.RestAssured.given().auth().oauth2(token).get("/apps/{app}", app).then().statusCode(200);
        owner.req().get("/apps/{app}/collaborators", app).then()
                .body("user.id", hasItem(laterId.toString())).body("", hasSize(2));
    }

    @Test
    void onlyTheOwnerManagesAccessButAnyoneMayLeave() {
        User owner = TestApi.user();
        User a = TestApi.user();
        User b = TestApi.user();
        String app = TestApi.app(owner);
        owner.json(Map.of("user", a.email())).post("/apps/{app}/collaborators", app).then().statusCode(201);
        owner.json(Map.of("user", b.email())).post("/apps/{app}/collaborators", app).then().statusCode(201);
        a.json(Map.of("user", TestApi.user().email())).post("/apps/{app}/collaborators", app).then().statusCode(403)
                .contentType(ContentType.JSON).body("id", equalTo("forbidden"));
        a.req().delete("/apps/{app}/collaborators/{c}", app, b.email()).then().statusCode(403);
        owner.req().delete("/apps/{app}/collaborators/{c}", app, owner.email()).then().statusCode(422);
        a.req().delete("/apps/{app}/collaborators/{c}", app, a.email()).then().statusCode(200)
                .body("user.email", equalTo(a.email()));
        a.req().get("/apps/{app}", app).then().statusCode(404);
        // b was invited by email; its first request binds the placeholder, so its account id now names it.
        b.req().get("/apps/{app}", app).then().statusCode(200);
        owner.req().delete("/apps/{app}/collaborators/{c}", app, b.id().toString()).then().statusCode(200);
        owner.req().get("/apps/{app}/collaborators", app).then().body("", hasSize(1));
        owner.req().delete("/apps/{app}/collaborators/{c}", app, "nobody@example.test").then().statusCode(404);
        owner.json(Map.of("user", UUID.randomUUID().toString())).post("/apps/{app}/collaborators", app).then()
                .statusCode(404);
        owner.req().get("/apps/{app}/collaborators", app).then().body("role", equalTo(List.of("owner")));
    }
}
