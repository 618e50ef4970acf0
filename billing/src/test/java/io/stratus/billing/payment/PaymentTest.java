package io.stratus.billing.payment;

import static io.restassured.RestAssured.given;
import static io.stratus.billing.BillingFixtures.WRITER;
import static io.stratus.billing.BillingFixtures.formation;
import static io.stratus.billing.BillingFixtures.ingest;
import static io.stratus.billing.BillingFixtures.runInvoices;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.stratus.billing.Sql;
import io.stratus.common.testing.Tokens;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Payment methods, charges, refunds and dunning over real HTTP and PostgreSQL (rules 10 and 11). */
@QuarkusTest
class PaymentTest {
    @Inject
    Sql sql;
    @Inject
    TestGateway gateway;

    static String token(UUID account) {
        return Tokens.user(account, account + "@example.test", Set.of("user"));
    }

    static ValidatableResponse addCard(UUID account, String number) {
        return given().auth().oauth2(token(account)).contentType(ContentType.JSON)
                .body(Map.of("number", number, "exp_month", 12, "exp_year", 2030, "cvc", "123"))
                .when().post("/account/payment-methods").then();
    }

    static ValidatableResponse charge(String key, Map<String, Object> body) {
        return given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/internal/billing/charges").then();
    }

    static Map<String, Object> chargeOf(UUID account, long cents) {
        return Map.of("account_id", account.toString(), "amount_cents", cents, "currency", "usd");
    }

    /** A fresh account with an invoice of 2500 cents for a full 30-day month, and its card. */
    record Invoiced(UUID account, UUID invoiceId) {
    }

    Invoiced invoiced(String card, String period) {
        UUID account = UUID.randomUUID();
        ingest(List.of(formation(account, period + "-01T00:00:00Z", "a", "web", "standard-1x", 1))).statusCode(200);
        runInvoices(period).statusCode(200);
        UUID invoiceId = sql.one("select id from billing.invoices where account_id = ? and period = ?::date",
                rs -> rs.getObject(1, UUID.class), account, period + "-01").orElseThrow();
        addCard(account, card).statusCode(201);
        return new Invoiced(account, invoiceId);
    }

    static Map<String, Object> invoiceCharge(Invoiced invoiced, long cents) {
        Map<String, Object> body = new HashMap<>(chargeOf(invoiced.account(), cents));
        body.put("invoice_id", invoiced.invoiceId().toString());
        return body;
    }

    @Test
    void cardIsStoredAsTokenBrandLast4AndExpiryOnly() {
        UUID account = UUID.randomUUID();
        addCard(account, "4242 4242 4242 4242").statusCode(201).contentType(ContentType.JSON)
                .body("brand", equalTo("visa")).body("last4", equalTo("4242"))
                .body("exp_month", equalTo(12)).body("exp_year", equalTo(2030))
                .body(not(containsString("4242424242424242")));
        String row = sql.one("select row_to_json(p)::text from billing.payment_methods p where account_id = ?",
                rs -> rs.getString(1), account).orElseThrow();
        assertTrue(!row.contains("4242424242424242") && !row.contains("424242424242"), row);
        given().auth().oauth2(token(account)).when().get("/account/payment-methods")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].last4", equalTo("4242"));
        given().auth().oauth2(token(UUID.randomUUID())).when().get("/account/payment-methods")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void invalidOrExpiredCardsAreRefusedAndNothingIsStored() {
        UUID account = UUID.randomUUID();
        addCard(account, "4242424242424241").statusCode(422).body("id", equalTo("invalid_params"))
                .body("message", containsString("not valid")).body(not(containsString("4242424242424241")));
        given().auth().oauth2(token(account)).contentType(ContentType.JSON)
                .body(Map.of("number", "4242424242424242", "exp_month", 1, "exp_year", 2020))
                .when().post("/account/payment-methods")
                .then().statusCode(422).body("message", containsString("expired"));
        given().auth().oauth2(token(account)).contentType(ContentType.JSON)
                .body(Map.of("number", "4242424242424242", "exp_month", 13, "exp_year", 2030))
                .when().post("/account/payment-methods")
                .then().statusCode(422).body("message", containsString("expMonth"));
        given().auth().oauth2(token(account)).contentType(ContentType.JSON).body("{\"number\": 42")
                .when().post("/account/payment-methods").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("number", "4242424242424242"))
                .when().post("/account/payment-methods").then().statusCode(401);
        assertEquals(0, sql.one("select count(*) from billing.payment_methods where account_id = ?",
                rs -> rs.getLong(1), account).orElseThrow());
    }

    @Test
    void someoneElsesPaymentMethodIsNotFound() {
        UUID owner = UUID.randomUUID();
        String id = addCard(owner, "4242424242424242").statusCode(201).extract().path("id");
        given().auth().oauth2(token(UUID.randomUUID())).when().delete("/account/payment-methods/{id}", id)
                .then().statusCode(404).body("id", equalTo("not_found"));
        given().auth().oauth2(token(owner)).when().delete("/account/payment-methods/{id}", id).then().statusCode(204);
        given().auth().oauth2(token(owner)).when().get("/account/payment-methods").then().body("size()", equalTo(0));
    }

    @Test
    void twentyConcurrentChargesWithOneKeyMakeOneCharge() throws Exception {
        UUID account = UUID.randomUUID();
        addCard(account, "4242424242424242").statusCode(201);
        String key = UUID.randomUUID().toString();
        int before = gateway.successfulCharges();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> charge(key, chargeOf(account, 1234)).extract().statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), statuses.toString());
        assertTrue(statuses.contains(201), statuses.toString());
        assertEquals(1, sql.one("select count(*) from billing.payments where account_id = ?", rs -> rs.getLong(1),
                account).orElseThrow());
        // Afterwards the same key replays the one payment.
        charge(key, chargeOf(account, 1234)).statusCode(201).body("state", equalTo("succeeded"))
                .body("amount_cents", equalTo(1234)).body("currency", equalTo("USD"));
        assertEquals(before + 1, gateway.successfulCharges());
    }

    @Test
    void sameKeyWithAnotherRequestIs422AndMissingKeyIs400() {
        UUID account = UUID.randomUUID();
        addCard(account, "4242424242424242").statusCode(201);
        String key = UUID.randomUUID().toString();
        String id = charge(key, chargeOf(account, 500)).statusCode(201).extract().path("id");
        charge(key, chargeOf(account, 501)).statusCode(422).body("id", equalTo("invalid_params"));
        charge(key, chargeOf(account, 500)).statusCode(201).body("id", equalTo(id));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(chargeOf(account, 500))
                .when().post("/internal/billing/charges").then().statusCode(400).body("message",
                        containsString("Idempotency-Key"));
    }

    @Test
    void badAmountsCurrenciesAndScopesAreRefusedWithNothingWritten() {
        UUID account = UUID.randomUUID();
        addCard(account, "4242424242424242").statusCode(201);
        charge(UUID.randomUUID().toString(), chargeOf(account, -5)).statusCode(422)
                .body("message", containsString("amountCents"));
        charge(UUID.randomUUID().toString(), chargeOf(account, 0)).statusCode(422);
        charge(UUID.randomUUID().toString(), chargeOf(account, 9_000_000_000_000L)).statusCode(422)
                .body("message", containsString("limit"));
        charge(UUID.randomUUID().toString(), Map.of("account_id", account.toString(), "amount_cents", 100,
                "currency", "XYZ")).statusCode(422).body("message", containsString("currency"));
        charge(UUID.randomUUID().toString(), chargeOf(UUID.randomUUID(), 100)).statusCode(422)
                .body("message", containsString("payment method"));
        given().auth().oauth2(Tokens.service("x", "billing:read")).contentType(ContentType.JSON)
                .header("Idempotency-Key", "k").body(chargeOf(account, 100))
                .when().post("/internal/billing/charges").then().statusCode(403);
        given().auth().oauth2(token(account)).contentType(ContentType.JSON)
                .header("Idempotency-Key", "k").body(chargeOf(account, 100))
                .when().post("/internal/billing/charges").then().statusCode(403);
        assertEquals(0, sql.one("select count(*) from billing.payments where account_id = ?", rs -> rs.getLong(1),
                account).orElseThrow());
    }

    @Test
    void testCardsBehaveLikeThePublicOnes() {
        Map<String, String> cards = Map.of("4000000000000002", "generic_decline",
                "4000000000009995", "insufficient_funds", "4000000000000069", "expired_card",
                "4000000000000119", "processing_error");
        cards.forEach((card, code) -> {
            UUID account = UUID.randomUUID();
            addCard(account, card).statusCode(201);
            charge(UUID.randomUUID().toString(), chargeOf(account, 100)).statusCode(201)
                    .body("state", equalTo("failed")).body("failure_code", equalTo(code));
        });
    }

    @Test
    void paidInvoiceIsNeverChargedAgain() {
        Invoiced invoiced = invoiced("4242424242424242", "2024-06");
        charge(UUID.randomUUID().toString(), invoiceCharge(invoiced, 2499)).statusCode(422)
                .body("message", containsString("2500"));
        charge(UUID.randomUUID().toString(), invoiceCharge(invoiced, 2500)).statusCode(201)
                .body("state", equalTo("succeeded"));
        charge(UUID.randomUUID().toString(), invoiceCharge(invoiced, 2500)).statusCode(409)
                .body("id", equalTo("conflict"));
        given().auth().oauth2(token(invoiced.account())).when().get("/account/invoices")
                .then().body("[0].state", equalTo("paid"));
    }

    @Test
    void timeoutLeavesUnknownResolvedByAskingTheGatewayWithoutDoubleCharge() {
        Invoiced invoiced = invoiced("4242424242424242", "2024-07");
        int before = gateway.successfulCharges();
        String key = UUID.randomUUID().toString();
        gateway.timeOutNextCharge(TestGateway.Timeout.AFTER_CHARGING);
        charge(key, invoiceCharge(invoiced, 2500)).statusCode(201).body("state", equalTo("unknown"));
        // A new attempt (another key) first asks the gateway, learns the charge went through, and refuses.
        charge(UUID.randomUUID().toString(), invoiceCharge(invoiced, 2500)).statusCode(409);
        charge(key, invoiceCharge(invoiced, 2500)).statusCode(201).body("state", equalTo("succeeded"));
        assertEquals(before + 1, gateway.successfulCharges());
    }

    @Test
    void timeoutBeforeChargingResolvesToFailedAndTheRetryChargesOnce() {
        Invoiced invoiced = invoiced("4242424242424242", "2024-08");
        int before = gateway.successfulCharges();
        gateway.timeOutNextCharge(TestGateway.Timeout.BEFORE_CHARGING);
        String id = charge(UUID.randomUUID().toString(), invoiceCharge(invoiced, 2500)).statusCode(201)
                .body("state", equalTo("unknown")).extract().path("id");
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("{}")
                .when().post("/internal/billing/payments/{id}/resolve", id)
                .then().statusCode(200).body("state", equalTo("failed")).body("failure_code", equalTo("not_received"));
        charge(UUID.randomUUID().toString(), invoiceCharge(invoiced, 2500)).statusCode(201)
                .body("state", equalTo("succeeded"));
        assertEquals(before + 1, gateway.successfulCharges());
    }

    /** Puts a finished charge back the way a process killed mid-request leaves it, claimed {@code ago} ago. */
    void abandon(String key, String paymentId, String ago) {
        sql.update("update billing.payments set state = 'pending' where id = ?::uuid", paymentId);
        sql.update("""
                update billing.idempotency_keys set status = 'in_progress', response_status = null,
                    response_body = null, created_at = now() - ?::interval where key = ?""", ago, key);
    }

    @Test
    void aRetryTakesOverAChargeWhoseProcessDiedAfterTheGatewayCharged() {
        Invoiced invoiced = invoiced("4242424242424242", "2022-09");
        int before = gateway.successfulCharges();
        String key = UUID.randomUUID().toString();
        String id = charge(key, invoiceCharge(invoiced, 2500)).statusCode(201)
                .body("state", equalTo("succeeded")).extract().path("id");
        abandon(key, id, "5 seconds");
        // Still within the time a live request may take: the key is busy.
        charge(key, invoiceCharge(invoiced, 2500)).statusCode(409);
        abandon(key, id, "10 minutes");
        charge(key, invoiceCharge(invoiced, 2500)).statusCode(201)
                .body("id", equalTo(id)).body("state", equalTo("succeeded"));
        charge(key, invoiceCharge(invoiced, 2500)).statusCode(201).body("state", equalTo("succeeded"));
        assertEquals(before + 1, gateway.successfulCharges());
        assertEquals("paid", sql.one("select state from billing.invoices where id = ?", rs -> rs.getString(1),
                invoiced.invoiceId()).orElseThrow());
    }

    @Test
    void aRetryTakesOverAChargeTheGatewayNeverSawAndFailsIt() {
        Invoiced invoiced = invoiced("4242424242424242", "2022-10");
        int before = gateway.successfulCharges();
        String key = UUID.randomUUID().toString();
        gateway.timeOutNextCharge(TestGateway.Timeout.BEFORE_CHARGING);
        String id = charge(key, invoiceCharge(invoiced, 2500)).statusCode(201)
                .body("state", equalTo("unknown")).extract().path("id");
        abandon(key, id, "10 minutes");
        charge(key, invoiceCharge(invoiced, 2500)).statusCode(201)
                .body("state", equalTo("failed")).body("failure_code", equalTo("not_received"));
        // The invoice may be charged again, once.
        charge(UUID.randomUUID().toString(), invoiceCharge(invoiced, 2500)).statusCode(201)
                .body("state", equalTo("succeeded"));
        assertEquals(before + 1, gateway.successfulCharges());
    }

    @Test
    void refundsAreIdempotentAndBounded() {
        UUID account = UUID.randomUUID();
        addCard(account, "4242424242424242").statusCode(201);
        String payment = charge(UUID.randomUUID().toString(), chargeOf(account, 1000)).statusCode(201)
                .extract().path("id");
        String key = UUID.randomUUID().toString();
        Map<String, Object> refund = Map.of("payment_id", payment, "amount_cents", 600);
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("Idempotency-Key", key).body(refund)
                .when().post("/internal/billing/refunds").then().statusCode(201).body("amount_cents", equalTo(600));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("Idempotency-Key", key).body(refund)
                .when().post("/internal/billing/refunds").then().statusCode(201);
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID())
                .body(refund).when().post("/internal/billing/refunds").then().statusCode(422)
                .body("message", containsString("400"));
        given().auth().oauth2(WRITER).when().get("/internal/billing/payments/{id}", payment)
                .then().statusCode(200).body("refunded_cents", equalTo(600));
    }

    @Test
    void failedInvoiceIsRetriedAfter3And5And7DaysThenTheAccountIsDelinquent() {
        Invoiced invoiced = invoiced("4000000000000002", "2024-09");
        charge(UUID.randomUUID().toString(), invoiceCharge(invoiced, 2500)).statusCode(201)
                .body("state", equalTo("failed"));
        Instant failed = sql.one("select first_failed_at from billing.dunning where invoice_id = ?",
                rs -> Sql.instant(rs, 1), invoiced.invoiceId()).orElseThrow();
        dunning(failed.plus(2, ChronoUnit.DAYS));
        assertEquals(1, payments(invoiced.invoiceId()));
        dunning(failed.plus(3, ChronoUnit.DAYS).plusSeconds(1));
        assertEquals(2, payments(invoiced.invoiceId()));
        dunning(failed.plus(5, ChronoUnit.DAYS).plusSeconds(1));
        assertEquals(3, payments(invoiced.invoiceId()));
        assertEquals(null, sql.one("select delinquent_at from billing.accounts where account_id = ?",
                rs -> Sql.instant(rs, 1), invoiced.account()).orElse(null));
        dunning(failed.plus(7, ChronoUnit.DAYS).plusSeconds(1));
        assertEquals(4, payments(invoiced.invoiceId()));
        assertNotNull(sql.one("select delinquent_at from billing.accounts where account_id = ?",
                rs -> Sql.instant(rs, 1), invoiced.account()).orElse(null));
        dunning(failed.plus(30, ChronoUnit.DAYS));
        assertEquals(4, payments(invoiced.invoiceId()));
    }

    @Test
    void dunningStopsWhenARetrySucceeds() {
        Invoiced invoiced = invoiced("4000000000000002", "2024-10");
        charge(UUID.randomUUID().toString(), invoiceCharge(invoiced, 2500)).statusCode(201)
                .body("state", equalTo("failed"));
        addCard(invoiced.account(), "4242424242424242").statusCode(201);
        Instant failed = sql.one("select first_failed_at from billing.dunning where invoice_id = ?",
                rs -> Sql.instant(rs, 1), invoiced.invoiceId()).orElseThrow();
        dunning(failed.plus(3, ChronoUnit.DAYS).plusSeconds(1));
        given().auth().oauth2(token(invoiced.account())).when().get("/account/invoices")
                .then().body("[0].state", equalTo("paid"));
        dunning(failed.plus(8, ChronoUnit.DAYS));
        assertEquals(2, payments(invoiced.invoiceId()));
    }

    long payments(UUID invoiceId) {
        return sql.one("select count(*) from billing.payments where invoice_id = ?", rs -> rs.getLong(1), invoiceId)
                .orElseThrow();
    }

    static void dunning(Instant at) {
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(Map.of("at", at.toString()))
                .when().post("/internal/billing/dunning-runs").then().statusCode(200);
    }
}
