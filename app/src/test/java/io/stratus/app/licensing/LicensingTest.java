package io.stratus.app.licensing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 across billing and dashboard-api, through the real HTTP API: dashboard-api asks billing's
 * {@code Entitlements} before it creates an app, scales or starts a one-off dyno, and billing's dunning suspends
 * through dashboard-api's {@code Suspensions}.
 */
@QuarkusTest
class LicensingTest {
    static final String WRITER = Tokens.service("licensing-tests", "billing:write");
    static final String GOOD_CARD = "4242424242424242";
    static final String DECLINED_CARD = "4000000000000002";

    @Inject
    TestClock clock;
    @Inject
    DataSource dataSource;
    @TestHTTPResource("/")
    URL server;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    record User(TestAccount account, String token) {
        static User create() {
            TestAccount account = TestAccount.create();
            return new User(account, Tokens.forAccount(account));
        }

        RequestSpecification req() {
            return given().auth().oauth2(token).accept(ContentType.JSON);
        }

        RequestSpecification json(Object body) {
            return req().contentType(ContentType.JSON).body(body);
        }

        UUID id() {
            return account.id();
        }

        ValidatableResponse createApp(String name) {
            return json(Map.of("name", name)).post("/apps").then();
        }

        String app() {
            String name = uniqueName();
            createApp(name).statusCode(201);
            return name;
        }

        ValidatableResponse scaleWeb(Map<String, Object> body, String app) {
            return json(body).patch("/apps/{app}/formation/web", app).then();
        }

        ValidatableResponse web(String app) {
            return req().get("/apps/{app}/formation/web", app).then().statusCode(200);
        }

        ValidatableResponse addCard(String number) {
            return json(Map.of("number", number, "exp_month", 12, "exp_year", 2030, "cvc", "123"))
                    .post("/account/payment-methods").then().statusCode(201);
        }

        ValidatableResponse me() {
            return req().get("/account").then().statusCode(200);
        }
    }

    static String uniqueName() {
        return "l" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    static void refused(ValidatableResponse response, int status, String id, String message) {
        response.statusCode(status).contentType(ContentType.JSON).body("id", equalTo(id))
                .body("message", equalTo(message));
    }

    static final String PAY = "Pay your open invoices to scale up or change to a larger size.";

    @Test
    void unverifiedAccountsGetStandardDynosOnlyAfterAWorkingCardIsAdded() throws Exception {
        User user = User.create();
        String app = user.app();
        user.me().body("verified", equalTo(false)).body("delinquent_at", nullValue())
                .body("suspended_at", nullValue()).body("app_limit", equalTo(5));

        refused(user.scaleWeb(Map.of("quantity", 1, "size", "standard-1x"), app), 402, "payment_required",
                "Add a payment method to use standard-1x dynos.");
        refused(user.json(Map.of("updates", List.of(Map.of("type", "web", "quantity", 1, "size", "Standard-1X"))))
                .patch("/apps/{app}/formation", app).then(), 402, "payment_required",
                "Add a payment method to use standard-1x dynos.");
        user.web(app).body("quantity", equalTo(0)).body("size", equalTo("basic"));
        assertEquals(0, usageEvents(user.id()));

        user.addCard(DECLINED_CARD).body("verified", equalTo(false));
        user.me().body("verified", equalTo(false));
        refused(user.scaleWeb(Map.of("quantity", 1, "size", "standard-1x"), app), 402, "payment_required",
                "Add a payment method to use standard-1x dynos.");

        user.addCard(GOOD_CARD).body("verified", equalTo(true));
        user.me().body("verified", equalTo(true)).body("app_limit", equalTo(100));
        user.scaleWeb(Map.of("quantity", 1, "size", "standard-1x"), app).statusCode(200)
                .body("quantity", equalTo(1)).body("size", equalTo("standard-1x"));
        assertEquals(1, usageEvents(user.id()));
    }

    @Test
    void unverifiedAccountsRunTwoDynosPerProcessTypeOnFiveApps() {
        User user = User.create();
        String app = user.app();
        user.scaleWeb(Map.of("quantity", 2), app).statusCode(200).body("quantity", equalTo(2));
        refused(user.scaleWeb(Map.of("quantity", "+1"), app), 402, "payment_required",
                "Add a payment method to run more than 2 dynos per process type.");
        user.web(app).body("quantity", equalTo(2));
        refused(user.json(Map.of("command", "bash", "size", "performance-m")).post("/apps/{app}/dynos", app).then(),
                402, "payment_required", "Add a payment method to use performance-m dynos.");
        user.json(Map.of("command", "bash", "size", "eco")).post("/apps/{app}/dynos", app).then().statusCode(201);

        for (int i = 0; i < 4; i++) {
            user.app();
        }
        String sixth = uniqueName();
        refused(user.createApp(sixth), 402, "payment_required", "Add a payment method to create more than 5 apps.");
        user.req().get("/apps").then().statusCode(200).body("$", hasSize(5));
        user.req().get("/apps/{app}", sixth).then().statusCode(404);

        // An admin's override (audited in billing) lifts the limit.
        TestAccount admin = TestAccount.create();
        given().auth().oauth2(Tokens.forAdmin(admin)).contentType(ContentType.JSON)
                .body(Map.of("app_limit", 6, "reason", "beta tester"))
                .put("/internal/billing/accounts/{id}/standing", user.id()).then().statusCode(200);
        user.me().body("app_limit", equalTo(6)).body("verified", equalTo(false));
        user.createApp(sixth).statusCode(201);
    }

    @Test
    void verifiedAccountsMeetPlainLimitsAs422() {
        User user = User.create();
        user.addCard(GOOD_CARD);
        String app = user.app();
        user.scaleWeb(Map.of("quantity", 100, "size", "performance-l"), app).statusCode(200);
        refused(user.scaleWeb(Map.of("quantity", "+1"), app), 422, "invalid_params",
                "quantity must end between 0 and 100; it would be 101.");
        given().auth().oauth2(Tokens.forAdmin(TestAccount.create())).contentType(ContentType.JSON)
                .body(Map.of("app_limit", 1, "reason", "abuse report"))
                .put("/internal/billing/accounts/{id}/standing", user.id()).then().statusCode(200);
        refused(user.createApp(uniqueName()), 422, "invalid_params", "You have reached the limit of 1 apps.");
    }

    @Test
    void delinquentAccountsMayOnlyScaleDownAndDelete() throws Exception {
        User user = User.create();
        user.addCard(GOOD_CARD);
        String app = user.app();
        user.scaleWeb(Map.of("quantity", 2, "size", "standard-2x"), app).statusCode(200);
        Instant since = Instant.parse("2026-11-01T10:00:00Z");
        execute("insert into billing.accounts (account_id, delinquent_at) values (?, ?)", user.id(),
                Timestamp.from(since));

        user.me().body("delinquent_at", equalTo(since.toString())).body("suspended_at", nullValue())
                .body("verified", equalTo(true));
        refused(user.createApp(uniqueName()), 402, "payment_required", "Pay your open invoices to create new apps.");
        refused(user.scaleWeb(Map.of("quantity", 3), app), 402, "payment_required", PAY);
        refused(user.scaleWeb(Map.of("size", "performance-m"), app), 402, "payment_required", PAY);
        refused(user.json(Map.of("command", "bash")).post("/apps/{app}/dynos", app).then(), 402, "payment_required",
                PAY);
        user.web(app).body("quantity", equalTo(2)).body("size", equalTo("standard-2x"));

        user.scaleWeb(Map.of("quantity", 1), app).statusCode(200).body("quantity", equalTo(1));
        user.scaleWeb(Map.of("size", "standard-1x"), app).statusCode(200).body("size", equalTo("standard-1x"));
        user.req().delete("/apps/{app}", app).then().statusCode(200);
    }

    /**
     * The whole story on a test clock set in 2015, so that its invoice runs finalize only months no other test
     * uses: March runs two standard-1x dynos, the invoice's charge fails, dunning makes the account delinquent,
     * 30 days later it is suspended (formation to 0, recorded), paying both open invoices restores the standing,
     * and one call restores the formation. The May invoice bills exactly the time before the suspension and after
     * the restore.
     */
    @Test
    void suspensionStopsTheAppsAndTheOwnerRestoresThemAfterPaying() throws Exception {
        User user = User.create();
        clock.set(Instant.parse("2015-03-02T00:00:00Z"));
        String app = user.app();
        user.addCard(GOOD_CARD);
        user.scaleWeb(Map.of("quantity", 2, "size", "standard-1x"), app).statusCode(200);
        user.addCard(DECLINED_CARD); // the newest card is the one charged

        clock.set(Instant.parse("2015-04-01T00:00:10Z"));
        runInvoices("2015-03");
        Map<String, Object> march = invoice(user, "2015-03-01T00:00:00Z");
        charge(user, march).body("state", equalTo("failed"));
        Instant failed = clock.instant();
        for (int days : new int[] {3, 5, 7}) {
            clock.set(failed.plus(days, ChronoUnit.DAYS).plusSeconds(1));
            dunning();
        }
        Instant delinquentAt = clock.instant();
        user.me().body("delinquent_at", equalTo(delinquentAt.toString())).body("suspended_at", nullValue());
        refused(user.scaleWeb(Map.of("quantity", 3), app), 402, "payment_required", PAY);

        clock.set(delinquentAt.plus(30, ChronoUnit.DAYS).minusSeconds(1));
        dunning();
        user.me().body("suspended_at", nullValue());
        user.web(app).body("quantity", equalTo(2));

        Instant suspendedAt = delinquentAt.plus(30, ChronoUnit.DAYS);
        clock.set(suspendedAt);
        dunning();
        user.me().body("suspended_at", equalTo(suspendedAt.toString()));
        user.web(app).body("quantity", equalTo(0)).body("size", equalTo("standard-1x"))
                .body("updated_at", equalTo(suspendedAt.toString()));
        user.req().get("/apps/{app}", app).then().statusCode(200);
        refused(user.req().post("/account/formation/restore").then(), 402, "payment_required",
                "Your account is suspended: pay your open invoices, then restore the formation.");

        runInvoices("2015-04");
        Map<String, Object> april = invoice(user, "2015-04-01T00:00:00Z");
        assertEquals(2L * 30 * 86_400, webSeconds(user, april, app));
        user.addCard(GOOD_CARD);
        charge(user, march).body("state", equalTo("succeeded"));
        user.me().body("suspended_at", notNullValue()); // April is still open
        charge(user, april).body("state", equalTo("succeeded"));
        user.me().body("suspended_at", nullValue()).body("delinquent_at", nullValue());
        user.web(app).body("quantity", equalTo(0)); // paying alone starts nothing

        Instant restoredAt = suspendedAt.plus(2, ChronoUnit.DAYS);
        clock.set(restoredAt);
        user.req().post("/account/formation/restore").then().statusCode(200).body("$", hasSize(1))
                .body("[0].type", equalTo("web")).body("[0].quantity", equalTo(2))
                .body("[0].size", equalTo("standard-1x"));
        user.web(app).body("quantity", equalTo(2)).body("size", equalTo("standard-1x"));
        user.req().post("/account/formation/restore").then().statusCode(200).body("$", hasSize(0));

        clock.set(Instant.parse("2015-06-01T00:00:05Z"));
        runInvoices("2015-05");
        Map<String, Object> may = invoice(user, "2015-05-01T00:00:00Z");
        long running = Duration.between(Instant.parse("2015-05-01T00:00:00Z"), suspendedAt).toSeconds()
                + Duration.between(restoredAt, Instant.parse("2015-06-01T00:00:00Z")).toSeconds();
        assertEquals(2 * running, webSeconds(user, may, app));
    }

    @Test
    void concurrentRequestsCannotBothPassALimit() throws Exception {
        for (int round = 0; round < 3; round++) {
            User user = User.create();
            for (int i = 0; i < 4; i++) {
                user.app();
            }
            List<Integer> statuses = race(user, "POST", "/apps", () -> "{\"name\":\"" + uniqueName() + "\"}");
            assertEquals(List.of(201, 402), statuses, "two creates for the fifth app");
            user.req().get("/apps").then().body("$", hasSize(5));

            String app = user.req().get("/apps").then().extract().path("[0].name");
            user.scaleWeb(Map.of("quantity", 1), app).statusCode(200);
            statuses = race(user, "PATCH", "/apps/" + app + "/formation/web", () -> "{\"quantity\":\"+1\"}");
            assertEquals(List.of(200, 402), statuses, "two scales to the third dyno");
            user.web(app).body("quantity", equalTo(2));
        }
    }

    /** Sends two requests at once and answers their statuses, sorted. */
    List<Integer> race(User user, String method, String path, java.util.function.Supplier<String> body)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.toString().replaceAll("/$", "") + path))
                    .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.get())).build();
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        statuses.sort(null);
        return statuses;
    }

    static void runInvoices(String period) {
        given().auth().oauth2(WRITER).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("period", period))
                .post("/internal/billing/invoice-runs").then().statusCode(200);
    }

    static void dunning() {
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(Map.of())
                .post("/internal/billing/dunning-runs").then().statusCode(200);
    }

    static Map<String, Object> invoice(User user, String periodStart) {
        List<Map<String, Object>> invoices = user.req().get("/account/invoices").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return invoices.stream().filter(i -> periodStart.equals(i.get("period_start"))).findFirst().orElseThrow();
    }

    static ValidatableResponse charge(User user, Map<String, Object> invoice) {
        return given().auth().oauth2(WRITER).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("account_id", user.id().toString(), "invoice_id", invoice.get("id"),
                        "amount_cents", invoice.get("total"), "currency", "usd"))
                .post("/internal/billing/charges").then().statusCode(201);
    }

    /** Dyno-seconds of the app's web process type at standard-1x on one invoice. */
    static long webSeconds(User user, Map<String, Object> invoice, String appName) {
        String appId = user.req().get("/apps/{app}", appName).then().extract().path("id");
        List<Map<String, Object>> lines = user.req().get("/account/invoices/{number}", invoice.get("number"))
                .then().statusCode(200).extract().jsonPath().getList("lines");
        return lines.stream().filter(l -> appId.equals(l.get("app")) && "web".equals(l.get("process_type"))
                        && "standard-1x".equals(l.get("size")))
                .mapToLong(l -> ((Number) l.get("seconds")).longValue()).sum();
    }

    long usageEvents(UUID account) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select count(*) from billing.usage_events where account_id = ?")) {
            ps.setObject(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void execute(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
