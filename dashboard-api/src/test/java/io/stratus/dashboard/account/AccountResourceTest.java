package io.stratus.dashboard.account;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.stratus.common.testing.Tokens;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {

    @Test
    void createsTheAccountOnFirstRequestFromTheToken() {
        User user = TestApi.user();
        user.req().get("/account").then().statusCode(200).contentType(ContentType.JSON)
                .body("id", equalTo(user.id().toString())).body("email", equalTo(user.email()))
                .body("name", nullValue()).body("allow_tracking", equalTo(true)).body("beta", equalTo(false))
                .body("verified", equalTo(true)).body("federated", equalTo(false))
                .body("two_factor_authentication", equalTo(false)).body("$", hasKey("default_team"))
                .body("$", hasKey("identity_provider")).body("$", hasKey("suspended_at"))
                .body("$", not(hasKey("scheduled_deletion")))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        user.req().get("/account").then().statusCode(200).body("id", equalTo(user.id().toString()));
    }

    @Test
    void updatesNameTrackingAndBeta() {
        User user = TestApi.user();
        user.json(Map.of("name", "Ada", "allow_tracking", false, "beta", true)).patch("/account").then()
                .statusCode(200).body("name", equalTo("Ada")).body("allow_tracking", equalTo(false))
                .body("beta", equalTo(true));
        user.json(Map.of("beta", "maybe")).patch("/account").then().statusCode(400);
        user.json(Map.of("name", "x".repeat(101))).patch("/account").then().statusCode(422);
        user.req().get("/account/rate-limits").then().statusCode(200).body("remaining", equalTo(4500));
    }

    @Test
    void refusesServiceAndMissingTokens() {
        RestAssured.given().get("/account").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        RestAssured.given().auth().oauth2(Tokens.service("svc", "x")).get("/account").then().statusCode(403)
                .body("id", equalTo("forbidden"));
    }
}
