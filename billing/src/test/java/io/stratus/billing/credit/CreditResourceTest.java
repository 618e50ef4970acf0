package io.stratus.billing.credit;

import static io.restassured.RestAssured.given;
import static io.stratus.billing.BillingFixtures.WRITER;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.stratus.common.testing.Tokens;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CreditResourceTest {
    static ValidatableResponse grant(String key, Map<String, Object> body) {
        return given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/internal/billing/credits").then();
    }

    @Test
    void grantIsIdempotentAndTheHolderSeesOnlyTheirBalance() {
        UUID account = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("account_id", account.toString(), "amount_cents", 2500, "title", "Sorry");
        String id = grant(key, body).statusCode(201).body("amount", equalTo(2500)).extract().path("id");
        grant(key, body).statusCode(201).body("id", equalTo(id));
        grant(key, Map.of("account_id", account.toString(), "amount_cents", 2600, "title", "Sorry")).statusCode(422);
        given().auth().oauth2(Tokens.user(account, "a@example.test", Set.of("user"))).when().get("/account/credits")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].balance", equalTo(2500));
        given().auth().oauth2(Tokens.forAccount(Tokens.TestAccount.create())).when().get("/account/credits")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void refusesBadGrants() {
        UUID account = UUID.randomUUID();
        grant(UUID.randomUUID().toString(), Map.of("account_id", account.toString(), "amount_cents", -1,
                "title", "x")).statusCode(422);
        grant(UUID.randomUUID().toString(), Map.of("account_id", account.toString(), "amount_cents", 100_000_000_000L,
                "title", "x")).statusCode(422);
        grant(UUID.randomUUID().toString(), Map.of("account_id", account.toString(), "amount_cents", 100,
                "title", "x", "expires_at", "2020-01-01T00:00:00Z")).statusCode(422);
        given().auth().oauth2(WRITER).contentType(ContentType.JSON)
                .body(Map.of("account_id", account.toString(), "amount_cents", 100, "title", "x"))
                .when().post("/internal/billing/credits").then().statusCode(400);
        given().auth().oauth2(Tokens.service("r", "billing:read")).contentType(ContentType.JSON)
                .header("Idempotency-Key", "k")
                .body(Map.of("account_id", account.toString(), "amount_cents", 100, "title", "x"))
                .when().post("/internal/billing/credits").then().statusCode(403);
        given().auth().oauth2(Tokens.user(account, "a@example.test", Set.of("user"))).when().get("/account/credits")
                .then().body("size()", equalTo(0));
    }
}
