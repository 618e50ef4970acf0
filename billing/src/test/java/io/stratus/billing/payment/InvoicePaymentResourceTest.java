package io.stratus.billing.payment;

import static io.restassured.RestAssured.given;
import static io.stratus.billing.BillingFixtures.formation;
import static io.stratus.billing.BillingFixtures.ingest;
import static io.stratus.billing.BillingFixtures.runInvoices;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.stratus.common.testing.Tokens;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /account/invoices/{number}/payments}: the dashboard's "Pay" button, over real HTTP and PostgreSQL. */
@QuarkusTest
class InvoicePaymentResourceTest {

    static String token(UUID account) {
        return Tokens.user(account, account + "@example.test", Set.of("user"));
    }

    /** A fresh account with one 2500-cent invoice (a standard-1x dyno for all of a 30-day month) and a card. */
    static UUID invoiced(String card, String period) {
        UUID account = UUID.randomUUID();
        ingest(List.of(formation(account, period + "-01T00:00:00Z", "a", "web", "standard-1x", 1))).statusCode(200);
        runInvoices(period).statusCode(200);
        given().auth().oauth2(token(account)).contentType(ContentType.JSON)
                .body(Map.of("number", card, "exp_month", 12, "exp_year", 2030, "cvc", "123"))
                .when().post("/account/payment-methods").then().statusCode(201);
        return account;
    }

    static long invoiceNumber(UUID account) {
        return given().auth().oauth2(token(account)).when().get("/account/invoices")
                .then().statusCode(200).body("[0].total", equalTo(2500)).extract().jsonPath().getLong("[0].number");
    }

    static ValidatableResponse pay(UUID account, Object number, String key, String body) {
        var request = given().auth().oauth2(token(account)).contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/account/invoices/{number}/payments", number).then();
    }

    @Test
    void paysItsOwnInvoiceOnceAndReplaysTheSameKey() {
        UUID account = invoiced("4242424242424242", "2024-04");
        long number = invoiceNumber(account);
        String key = UUID.randomUUID().toString();

        String paymentId = pay(account, number, key, "{}").statusCode(201).contentType(ContentType.JSON)
                .body("state", equalTo("succeeded")).body("amount_cents", equalTo(2500))
                .extract().path("id");
        given().auth().oauth2(token(account)).when().get("/account/invoices/{n}", number)
                .then().statusCode(200).body("state", equalTo("paid"));

        pay(account, number, key, "{}").statusCode(201).body("id", equalTo(paymentId));
        pay(account, number, UUID.randomUUID().toString(), "{}").statusCode(409).body("id", equalTo("conflict"));
    }

    @Test
    void declinedCardLeavesTheInvoiceUnpaid() {
        UUID account = invoiced("4000000000000002", "2024-05");
        long number = invoiceNumber(account);
        pay(account, number, UUID.randomUUID().toString(), "{}").statusCode(201)
                .body("state", equalTo("failed")).body("failure_code", equalTo("generic_decline"));
        // The invoice takes its payment's failure (dunning retries it); it is not paid.
        given().auth().oauth2(token(account)).when().get("/account/invoices/{n}", number)
                .then().body("state", equalTo("failed"));
    }

    @Test
    void anotherAccountsInvoiceOrCardIsRefused() {
        UUID owner = invoiced("4242424242424242", "2024-07");
        long number = invoiceNumber(owner);
        UUID stranger = invoiced("4242424242424242", "2024-07");
        String strangersCard = given().auth().oauth2(token(stranger)).when().get("/account/payment-methods")
                .then().extract().path("[0].id");

        // The stranger's own invoice has another number; the owner's is not found for the stranger.
        pay(stranger, number, UUID.randomUUID().toString(), "{}").statusCode(404).body("id", equalTo("not_found"));
        pay(owner, number, UUID.randomUUID().toString(), "{\"payment_method_id\":\"" + strangersCard + "\"}")
                .statusCode(422).body("id", equalTo("invalid_params"));
        given().auth().oauth2(token(owner)).when().get("/account/invoices/{n}", number)
                .then().body("state", equalTo("pending"));
    }

    @Test
    void badRequestsAreJsonErrors() {
        UUID account = invoiced("4242424242424242", "2024-08");
        long number = invoiceNumber(account);
        pay(account, number, null, "{}").statusCode(400).body("id", equalTo("bad_request"));
        pay(account, "not-a-number", UUID.randomUUID().toString(), "{}").statusCode(404);
        pay(account, number + 1_000_000, UUID.randomUUID().toString(), "{}").statusCode(404);
        pay(account, number, UUID.randomUUID().toString(), "{\"payment_method_id\":\"nope\"}").statusCode(400);
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k").body("{}")
                .when().post("/account/invoices/{n}/payments", number).then().statusCode(401);
        assertEquals("pending", given().auth().oauth2(token(account)).when().get("/account/invoices/{n}", number)
                .then().extract().path("state"));
    }
}
