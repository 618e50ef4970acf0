package io.stratus.billing.metering;

import static io.restassured.RestAssured.given;
import static io.stratus.billing.BillingFixtures.WRITER;
import static io.stratus.billing.BillingFixtures.formation;
import static io.stratus.billing.BillingFixtures.ingest;
import static io.stratus.billing.BillingFixtures.runInvoices;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.billing.Sql;
import io.stratus.common.testing.Tokens;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsageResourceTest {
    @Inject
    Sql sql;

    long rows(UUID account) {
        return sql.one("select count(*) from billing.usage_events where account_id = ?", rs -> rs.getLong(1), account)
                .orElseThrow();
    }

    @Test
    void ingestionIsIdempotentByEventId() {
        UUID account = UUID.randomUUID();
        var event = formation(account, "2026-10-01T00:00:00Z", "a", "web", "basic", 1);
        ingest(List.of(event)).statusCode(200).contentType(ContentType.JSON)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        ingest(List.of(event)).statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        assertEquals(1, rows(account));
    }

    @Test
    void oneBadEventRefusesTheWholeBatch() {
        UUID account = UUID.randomUUID();
        Map<String, Object> bad = new HashMap<>(formation(account, "2026-10-02T00:00:00Z", "a", "web", "basic", 1));
        bad.remove("size");
        ingest(List.of(formation(account, "2026-10-01T00:00:00Z", "a", "web", "basic", 1), bad))
                .statusCode(422).body("id", equalTo("invalid_params"))
                .body("message", containsString("events[1].size"));
        assertEquals(0, rows(account));
    }

    @Test
    void unknownSizeOrTypeOrAbsurdQuantityIs422() {
        UUID account = UUID.randomUUID();
        ingest(List.of(formation(account, "2026-10-01T00:00:00Z", "a", "web", "huge-9x", 1)))
                .statusCode(422).body("message", containsString("huge-9x"));
        Map<String, Object> type = new HashMap<>(formation(account, "2026-10-01T00:00:00Z", "a", "web", "basic", 1));
        type.put("type", "teleport");
        ingest(List.of(type)).statusCode(422).body("message", containsString("type"));
        ingest(List.of(formation(account, "2026-10-01T00:00:00Z", "a", "web", "basic", 1_000_000)))
                .statusCode(422).body("message", containsString("quantity"));
        assertEquals(0, rows(account));
    }

    @Test
    void creditEventsGrantOnce() {
        UUID account = UUID.randomUUID();
        UUID credit = UUID.randomUUID();
        Map<String, Object> event = Map.of("id", "c-" + credit, "account_id", account.toString(), "type", "credit",
                "at", "2026-10-01T00:00:00Z", "credit_id", credit.toString(), "amount_cents", 1500,
                "title", "Welcome");
        ingest(List.of(event)).statusCode(200).body("accepted", equalTo(1));
        ingest(List.of(event)).statusCode(200).body("accepted", equalTo(0));
        given().auth().oauth2(Tokens.user(account, "c@example.test", java.util.Set.of("user")))
                .when().get("/account/credits")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].amount", equalTo(1500))
                .body("[0].balance", equalTo(1500)).body("[0].granted_at", equalTo("2026-10-01T00:00:00Z"));
    }

    @Test
    void eventsInAFinalizedMonthAreRefused() {
        UUID account = UUID.randomUUID();
        ingest(List.of(formation(account, "2024-03-01T00:00:00Z", "a", "web", "basic", 1))).statusCode(200);
        runInvoices("2024-03").statusCode(200);
        ingest(List.of(formation(account, "2024-03-20T00:00:00Z", "a", "web", "basic", 0)))
                .statusCode(422).body("message", containsString("already invoiced"));
        ingest(List.of(formation(account, "2024-04-20T00:00:00Z", "a", "web", "basic", 0))).statusCode(200);
    }

    @Test
    void needsAServiceTokenWithWriteScope() {
        var body = Map.of("events", List.of(formation(UUID.randomUUID(), "2026-10-01T00:00:00Z", "a", "web", "basic",
                1)));
        given().contentType(ContentType.JSON).body(body).when().post("/internal/billing/usage")
                .then().statusCode(401).body("id", equalTo("unauthorized"));
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body(body)
                .when().post("/internal/billing/usage")
                .then().statusCode(401);
        given().auth().oauth2(Tokens.service("reader", "billing:read")).contentType(ContentType.JSON).body(body)
                .when().post("/internal/billing/usage").then().statusCode(403).body("id", equalTo("forbidden"));
        given().auth().oauth2(Tokens.forAccount(Tokens.TestAccount.create())).contentType(ContentType.JSON).body(body)
                .when().post("/internal/billing/usage").then().statusCode(403);
    }

    @Test
    void malformedAndOversizedBodiesAreRefused() {
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("{\"events\": [")
                .when().post("/internal/billing/usage").then().statusCode(400).body("id", equalTo("bad_request"));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON)
                .body("{\"events\": [], \"pad\": \"" + "x".repeat(70 * 1024) + "\"}")
                .when().post("/internal/billing/usage").then().statusCode(413).body("id", equalTo("request_too_large"));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("{\"events\": []}")
                .when().post("/internal/billing/usage").then().statusCode(422);
    }
}
