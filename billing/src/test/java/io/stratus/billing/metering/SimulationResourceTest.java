package io.stratus.billing.metering;

import static io.restassured.RestAssured.given;
import static io.stratus.billing.BillingFixtures.WRITER;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.billing.Sql;
import io.stratus.common.testing.Tokens;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulation runs the invoice calculator over a posted history and writes nothing. */
@QuarkusTest
class SimulationResourceTest {
    @Inject
    Sql sql;

    long allRows() {
        return sql.one("select (select count(*) from billing.usage_events) + (select count(*) from billing.credits)"
                + " + (select count(*) from billing.invoices)", rs -> rs.getLong(1)).orElseThrow();
    }

    @Test
    void explainsEveryMonthFromTheFirstEventOldestFirst() {
        String credit = "7b0d8f5e-6a57-4f4b-9d0e-4b6c1f9b2a11";
        var events = List.of(
                Map.of("type", "formation", "at", "2026-10-17T00:00:00Z", "app", "shop", "process_type", "web",
                        "size", "standard-1x", "quantity", 1),
                Map.of("type", "credit", "at", "2026-10-01T00:00:00Z", "credit_id", credit, "amount_cents", 3000,
                        "title", "Welcome"),
                Map.of("type", "addon_attach", "at", "2026-11-01T00:00:00Z", "app", "shop", "addon_id", "db-1",
                        "plan", "heroku-postgresql:essential-0"),
                Map.of("type", "eco_subscribe", "at", "2026-12-31T23:59:59Z"));
        long before = allRows();
        // October: 15 days (1,296,000 s) of standard-1x = 1250, all paid by the credit (1750 left).
        // November: dyno 2500 + add-on 500 = 3000; credit takes 1750, total 1250.
        // December: capped dyno 2500 + add-on 500 + eco plan 500 = 3500.
        given().auth().oauth2(WRITER).contentType(ContentType.JSON)
                .body(Map.of("events", events, "period", "2026-12"))
                .when().post("/internal/billing/simulations")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("size()", equalTo(3))
                .body("[0].period", equalTo("2026-10"))
                .body("[0].lines[0].type", equalTo("dyno")).body("[0].lines[0].app", equalTo("shop"))
                .body("[0].lines[0].process_type", equalTo("web")).body("[0].lines[0].size", equalTo("standard-1x"))
                .body("[0].lines[0].seconds", equalTo(1_296_000)).body("[0].lines[0].amount_cents", equalTo(1250))
                .body("[0].lines[0].addon_id", nullValue())
                .body("[0].charges_total", equalTo(1250)).body("[0].credits_total", equalTo(1250))
                .body("[0].credits_applied[0].credit_id", equalTo(credit))
                .body("[0].credits_applied[0].amount", equalTo(1250)).body("[0].total", equalTo(0))
                .body("[1].period", equalTo("2026-11")).body("[1].charges_total", equalTo(3000))
                .body("[1].lines[1].type", equalTo("addon")).body("[1].lines[1].plan",
                        equalTo("heroku-postgresql:essential-0")).body("[1].lines[1].amount_cents", equalTo(500))
                .body("[1].credits_total", equalTo(1750)).body("[1].total", equalTo(1250))
                .body("[2].lines[0].type", equalTo("eco_plan")).body("[2].charges_total", equalTo(3500))
                .body("[2].credits_total", equalTo(0)).body("[2].total", equalTo(3500));
        assertEquals(before, allRows());
    }

    @Test
    void refusesBadInput() {
        var event = Map.of("type", "formation", "at", "2026-10-17T00:00:00Z", "app", "shop", "process_type", "web",
                "size", "standard-1x", "quantity", 1);
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(Map.of("events", List.of(event),
                "period", "2026-13")).when().post("/internal/billing/simulations")
                .then().statusCode(422).body("message", containsString("period"));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(Map.of("events", List.of(event),
                "period", "2026-09")).when().post("/internal/billing/simulations")
                .then().statusCode(422).body("message", containsString("first event"));
        given().auth().oauth2(Tokens.forAccount(Tokens.TestAccount.create())).contentType(ContentType.JSON)
                .body(Map.of("events", List.of(event), "period", "2026-10"))
                .when().post("/internal/billing/simulations")
                .then().statusCode(403);
    }
}
