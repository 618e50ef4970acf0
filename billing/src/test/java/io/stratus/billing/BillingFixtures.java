package io.stratus.billing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.stratus.common.testing.Tokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small helpers over billing's real HTTP API for tests. */
public final class BillingFixtures {
    public static final String WRITER = Tokens.service("billing-tests", "billing:write");

    private BillingFixtures() {
    }

    public static Map<String, Object> formation(UUID account, String at, String app, String type, String size,
                                                int quantity) {
        return Map.of("id", UUID.randomUUID().toString(), "account_id", account.toString(), "type", "formation",
                "at", at, "app", app, "process_type", type, "size", size, "quantity", quantity);
    }

    public static ValidatableResponse ingest(List<Map<String, Object>> events) {
        return given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(Map.of("events", events))
                .when().post("/internal/billing/usage").then();
    }

    public static ValidatableResponse runInvoices(String period) {
        return given().auth().oauth2(WRITER).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("period", period))
                .when().post("/internal/billing/invoice-runs").then();
    }
}
