package io.stratus.billing.invoice;

import static io.restassured.RestAssured.given;
import static io.stratus.billing.BillingFixtures.WRITER;
import static io.stratus.billing.BillingFixtures.formation;
import static io.stratus.billing.BillingFixtures.ingest;
import static io.stratus.billing.BillingFixtures.runInvoices;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.billing.Sql;
import io.stratus.common.testing.Tokens;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvoiceRunTest {
    static final String ISO_SECONDS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    @Inject
    Sql sql;

    static String token(UUID account) {
        return Tokens.user(account, account + "@example.test", Set.of("user"));
    }

    long invoices(UUID account) {
        return sql.one("select count(*) from billing.invoices where account_id = ?", rs -> rs.getLong(1), account)
                .orElseThrow();
    }

    @Test
    void runInvoicesAMonthAndTheHolderSeesItWithLines() {
        UUID account = UUID.randomUUID();
        // 2025-11 has 30 days: a full month of standard-1x is exactly 2500; basic from Nov 16 is 350.
        ingest(List.of(formation(account, "2025-10-20T00:00:00Z", "shop", "web", "standard-1x", 1),
                formation(account, "2025-11-16T00:00:00Z", "shop", "worker", "basic", 1))).statusCode(200);
        runInvoices("2025-11").statusCode(200).contentType(ContentType.JSON).body("period", equalTo("2025-11"));

        int number = given().auth().oauth2(token(account)).when().get("/account/invoices")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("size()", equalTo(2))
                .body("[0].period_start", equalTo("2025-10-01T00:00:00Z"))
                .body("[1].period_start", equalTo("2025-11-01T00:00:00Z"))
                .body("[1].period_end", equalTo("2025-12-01T00:00:00Z"))
                .body("[1].charges_total", equalTo(2850)).body("[1].credits_total", equalTo(0))
                .body("[1].total", equalTo(2850)).body("[1].state", equalTo("pending"))
                .body("[1].created_at", matchesPattern(ISO_SECONDS))
                .body("[1].updated_at", matchesPattern(ISO_SECONDS))
                .extract().path("[1].number");
        given().auth().oauth2(token(account)).when().get("/account/invoices/{n}", number)
                .then().statusCode(200)
                .body("lines.size()", equalTo(2))
                .body("lines[0].size", equalTo("standard-1x")).body("lines[0].amount_cents", equalTo(2500))
                .body("lines[1].process_type", equalTo("worker")).body("lines[1].amount_cents", equalTo(350));
        // Another account cannot see it, and a number that is not a number is simply not found.
        given().auth().oauth2(token(UUID.randomUUID())).when().get("/account/invoices/{n}", number)
                .then().statusCode(404).body("id", equalTo("not_found"));
        given().auth().oauth2(token(account)).when().get("/account/invoices/abc").then().statusCode(404);
        given().when().get("/account/invoices").then().statusCode(401);
        given().auth().oauth2(WRITER).when().get("/account/invoices").then().statusCode(403);
    }

    @Test
    void theRunAndTheSimulationGiveTheSameInvoice() {
        // Rule 12: both call the one calculator, so the persisted invoice equals the simulated one.
        UUID account = UUID.randomUUID();
        List<Map<String, Object>> events = List.of(
                formation(account, "2023-05-03T10:00:00Z", "shop", "web", "standard-2x", 3),
                formation(account, "2023-05-20T07:30:00Z", "shop", "web", "performance-m", 1),
                Map.of("id", UUID.randomUUID().toString(), "account_id", account.toString(), "type", "addon_attach",
                        "at", "2023-05-10T00:00:00Z", "app", "shop", "addon_id", "r-1", "plan", "heroku-redis:mini"),
                Map.of("id", UUID.randomUUID().toString(), "account_id", account.toString(), "type", "app_delete",
                        "at", "2023-05-28T12:00:00Z", "app", "shop"));
        ingest(events).statusCode(200);
        runInvoices("2023-05").statusCode(200);
        List<Map<String, Object>> simulated = given().auth().oauth2(WRITER).contentType(ContentType.JSON)
                .body(Map.of("events", events, "period", "2023-05")).when().post("/internal/billing/simulations")
                .then().statusCode(200).extract().path("[0].lines");
        int number = given().auth().oauth2(token(account)).when().get("/account/invoices")
                .then().statusCode(200).extract().path("[0].number");
        List<Map<String, Object>> persisted = given().auth().oauth2(token(account))
                .when().get("/account/invoices/{n}", number).then().statusCode(200).extract().path("lines");
        assertEquals(simulated, persisted);
        assertEquals(3, persisted.size());
    }

    @Test
    void runningTheSameMonthAgainBillsNothingTwice() {
        UUID account = UUID.randomUUID();
        ingest(List.of(formation(account, "2025-09-03T00:00:00Z", "a", "web", "basic", 1))).statusCode(200);
        runInvoices("2025-09").statusCode(200);
        runInvoices("2025-09").statusCode(200);
        assertEquals(1, invoices(account));
    }

    @Test
    void twoRunsAtOnceMakeOneInvoicePerAccount() throws Exception {
        List<UUID> accounts = new ArrayList<>();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UUID account = UUID.randomUUID();
            accounts.add(account);
            events.add(formation(account, "2025-08-0" + (1 + i % 9) + "T00:00:00Z", "a", "web", "standard-1x", 1));
        }
        ingest(events).statusCode(200);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> run = () -> runInvoices("2025-08").extract().statusCode();
            List<Future<Integer>> results = pool.invokeAll(List.of(run, run));
            for (Future<Integer> result : results) {
                assertEquals(200, result.get());
            }
        } finally {
            pool.shutdown();
        }
        for (UUID account : accounts) {
            assertEquals(1, invoices(account));
        }
    }

    @Test
    void theUniqueConstraintRefusesASecondInvoiceForAMonth() {
        UUID account = UUID.randomUUID();
        String insert = "insert into billing.invoices (id, account_id, period, period_start, period_end, charges_total,"
                + " credits_total, total, state) values (?, ?, date '2020-01-01', timestamptz '2020-01-01Z',"
                + " timestamptz '2020-02-01Z', 0, 0, 0, 'paid')";
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> sql.update(insert, UUID.randomUUID(),
                account));
        org.junit.jupiter.api.Assertions.assertThrows(Sql.UniqueViolation.class,
                () -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> sql.update(insert,
                        UUID.randomUUID(), account)));
    }

    @Test
    void creditsApplyAndCarryOverAcrossMonths() {
        UUID account = UUID.randomUUID();
        UUID credit = UUID.randomUUID();
        ingest(List.of(formation(account, "2025-06-01T00:00:00Z", "a", "web", "standard-1x", 1),
                Map.of("id", "credit-" + credit, "account_id", account.toString(), "type", "credit",
                        "at", "2025-05-20T00:00:00Z", "credit_id", credit.toString(), "amount_cents", 4000,
                        "title", "Goodwill"))).statusCode(200);
        // June: 2500 charged, all from the credit (1500 left). July: 2500 charged, 1500 credit, 1000 due.
        runInvoices("2025-07").statusCode(200);
        given().auth().oauth2(token(account)).when().get("/account/invoices")
                .then().statusCode(200).body("size()", equalTo(2))
                .body("[0].credits_total", equalTo(2500)).body("[0].total", equalTo(0))
                .body("[0].state", equalTo("paid"))
                .body("[1].credits_total", equalTo(1500)).body("[1].total", equalTo(1000));
        given().auth().oauth2(token(account)).when().get("/account/credits")
                .then().statusCode(200).body("[0].amount", equalTo(4000)).body("[0].balance", equalTo(0));
    }

    @Test
    void refusesMonthsThatHaveNotEndedAndBadRequests() {
        String next = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        runInvoices(next).statusCode(422).body("id", equalTo("invalid_params"));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(Map.of("period", "2025-01"))
                .when().post("/internal/billing/invoice-runs")
                .then().statusCode(400).body("id", equalTo("bad_request"));
        given().auth().oauth2(Tokens.service("x", "billing:read")).contentType(ContentType.JSON)
                .header("Idempotency-Key", "k").body(Map.of("period", "2025-01"))
                .when().post("/internal/billing/invoice-runs").then().statusCode(403);
        runInvoices("January").statusCode(422);
    }

    @Test
    void sameKeyReplaysAndAnotherRequestWithItIs422() {
        String key = UUID.randomUUID().toString();
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("period", "2019-01")).when().post("/internal/billing/invoice-runs")
                .then().statusCode(200);
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("period", "2019-01")).when().post("/internal/billing/invoice-runs")
                .then().statusCode(200).body("period", equalTo("2019-01"));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("period", "2019-02")).when().post("/internal/billing/invoice-runs")
                .then().statusCode(422);
    }
}
