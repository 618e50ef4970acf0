package io.stratus.billing.licensing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.billing.Sql;
import io.stratus.common.testing.Tokens;
import io.stratus.dashboard.api.Entitlements;
import io.stratus.dashboard.api.Entitlements.Decision;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** billing's side of issue 12, through dashboard-api's {@link Entitlements} interface as dashboard-api will call it. */
@QuarkusTest
class EntitlementsTest {
    @Inject
    Entitlements entitlements;
    @Inject
    Sql sql;

    static String token(UUID account) {
        return Tokens.user(account, account + "@example.test", Set.of("user"));
    }

    static void addCard(UUID account, String number) {
        given().auth().oauth2(token(account)).contentType(ContentType.JSON)
                .body(Map.of("number", number, "exp_month", 12, "exp_year", 2030))
                .when().post("/account/payment-methods").then().statusCode(201);
    }

    @Test
    void unverifiedAccountsGetEcoAndBasicAndTwoDynos() {
        UUID account = UUID.randomUUID();
        Decision standard = entitlements.mayScale(account, "web", null, 0, "standard-1x", 1);
        assertEquals(402, standard.status());
        assertEquals("payment_required", standard.id());
        assertEquals("Add a payment method to use standard-1x dynos.", standard.message());
        assertTrue(entitlements.mayScale(account, "web", null, 0, "basic", 2).allowed());
        assertEquals(402, entitlements.mayScale(account, "web", "basic", 2, "basic", 3).status());
        assertTrue(entitlements.mayCreateApp(account, 4).allowed());
        assertEquals(402, entitlements.mayCreateApp(account, 5).status());
    }

    @Test
    void aWorkingCardVerifiesAndAFailingOneDoesNot() {
        UUID account = UUID.randomUUID();
        addCard(account, "4000000000000002");
        assertFalse(entitlements.standing(account).verified());
        assertEquals(402, entitlements.mayScale(account, "web", null, 0, "standard-1x", 1).status());
        addCard(account, "4242424242424242");
        assertTrue(entitlements.standing(account).verified());
        assertTrue(entitlements.mayScale(account, "web", null, 0, "standard-1x", 1).allowed());
        assertTrue(entitlements.mayScale(account, "web", "standard-1x", 1, "performance-l", 100).allowed());
        Decision tooMany = entitlements.mayScale(account, "web", "standard-1x", 1, "standard-1x", 101);
        assertEquals(422, tooMany.status());
        assertEquals("invalid_params", tooMany.id());
        assertTrue(entitlements.mayCreateApp(account, 99).allowed());
        assertEquals(422, entitlements.mayCreateApp(account, 100).status());
        given().auth().oauth2(token(account)).when().get("/account/standing")
                .then().statusCode(200).body("verified", equalTo(true)).body("app_limit", equalTo(100));
    }

    @Test
    void delinquentAccountsMayOnlyScaleDown() {
        UUID account = UUID.randomUUID();
        addCard(account, "4242424242424242");
        Instant since = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> sql.update(
                "insert into billing.accounts (account_id, delinquent_at) values (?, ?)", account, since));
        assertEquals(402, entitlements.mayCreateApp(account, 0).status());
        assertEquals(402, entitlements.mayScale(account, "web", "standard-1x", 1, "standard-1x", 2).status());
        assertEquals(402, entitlements.mayScale(account, "web", "standard-1x", 1, "standard-2x", 1).status());
        assertTrue(entitlements.mayScale(account, "web", "standard-1x", 2, "standard-1x", 1).allowed());
        assertTrue(entitlements.mayScale(account, "web", "standard-2x", 1, "standard-1x", 1).allowed());
        assertTrue(entitlements.mayScale(account, "web", "standard-2x", 1, "standard-2x", 0).allowed());
        given().auth().oauth2(token(account)).when().get("/account/standing")
                .then().statusCode(200).body("delinquent_at", equalTo(since.toString()));
    }

    @Test
    void thirtyDaysOfDelinquencySuspendsAndPayingRestores() {
        UUID account = UUID.randomUUID();
        Instant since = Instant.parse("2024-01-01T00:00:00Z");
        QuarkusTransaction.requiringNew().run(() -> sql.update(
                "insert into billing.accounts (account_id, delinquent_at) values (?, ?)", account, since));
        given().auth().oauth2(io.stratus.billing.BillingFixtures.WRITER).contentType(ContentType.JSON)
                .body(Map.of("at", since.plus(29, ChronoUnit.DAYS).toString()))
                .when().post("/internal/billing/dunning-runs").then().statusCode(200);
        assertEquals(null, entitlements.standing(account).suspendedAt());
        given().auth().oauth2(io.stratus.billing.BillingFixtures.WRITER).contentType(ContentType.JSON)
                .body(Map.of("at", since.plus(30, ChronoUnit.DAYS).toString()))
                .when().post("/internal/billing/dunning-runs").then().statusCode(200);
        assertNotNull(entitlements.standing(account).suspendedAt());
    }

    @Test
    void adminOverridesAreAudited() {
        UUID account = UUID.randomUUID();
        Tokens.TestAccount admin = Tokens.TestAccount.create();
        given().auth().oauth2(Tokens.forAdmin(admin)).contentType(ContentType.JSON)
                .body(Map.of("verified", true, "app_limit", 300, "reason", "enterprise trial"))
                .when().put("/internal/billing/accounts/{id}/standing", account)
                .then().statusCode(200).body("verified", equalTo(true)).body("app_limit", equalTo(300));
        assertTrue(entitlements.mayScale(account, "web", null, 0, "performance-m", 5).allowed());
        assertTrue(entitlements.mayCreateApp(account, 299).allowed());
        String audit = sql.one("select actor || ' ' || change || ' ' || reason from billing.standing_audit "
                + "where account_id = ?", rs -> rs.getString(1), account).orElseThrow();
        assertEquals(admin.id() + " verified=true, app_limit=300 enterprise trial", audit);
        given().auth().oauth2(token(account)).contentType(ContentType.JSON)
                .body(Map.of("verified", true, "reason", "me")).when()
                .put("/internal/billing/accounts/{id}/standing", account).then().statusCode(403);
        given().auth().oauth2(Tokens.forAdmin(admin)).contentType(ContentType.JSON)
                .body(Map.of("verified", true)).when()
                .put("/internal/billing/accounts/{id}/standing", account).then().statusCode(422);
    }
}
