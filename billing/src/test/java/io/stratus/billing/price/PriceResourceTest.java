package io.stratus.billing.price;

import static io.restassured.RestAssured.given;
import static io.stratus.billing.BillingFixtures.WRITER;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.common.testing.Tokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PriceResourceTest {
    @Test
    void listsTheSpecPricesAsData() {
        given().auth().oauth2(WRITER).when().get("/internal/billing/prices")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("find { it.name == 'standard-1x' }.monthly_cents", equalTo(2500))
                .body("find { it.name == 'performance-2xl' }.monthly_cents", equalTo(150000))
                .body("find { it.name == 'eco' }.monthly_cents", equalTo(0));
    }

    @Test
    void adminsAndWritersManagePlans() {
        String plan = "papertrail:p" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.forAdmin(Tokens.TestAccount.create())).contentType(ContentType.JSON)
                .body(Map.of("monthly_cents", 700)).when().put("/internal/billing/prices/addon/{name}", plan)
                .then().statusCode(200).body("name", equalTo(plan)).body("monthly_cents", equalTo(700));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON)
                .body(Map.of("monthly_cents", 800)).when().put("/internal/billing/prices/addon/{name}", plan)
                .then().statusCode(200).body("monthly_cents", equalTo(800));
        given().auth().oauth2(WRITER).when().get("/internal/billing/prices").then().body("name", hasItem(plan));
    }

    @Test
    void refusesBadPricesAndCallers() {
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(Map.of("monthly_cents", -1))
                .when().put("/internal/billing/prices/dyno/basic").then().statusCode(422);
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(Map.of("monthly_cents", 1))
                .when().put("/internal/billing/prices/addon/no-colon").then().statusCode(422);
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(Map.of("monthly_cents", 1))
                .when().put("/internal/billing/prices/gift/x").then().statusCode(404);
        given().auth().oauth2(Tokens.forAccount(Tokens.TestAccount.create())).contentType(ContentType.JSON)
                .body(Map.of("monthly_cents", 1)).when().put("/internal/billing/prices/dyno/basic")
                .then().statusCode(403);
        given().when().get("/internal/billing/prices").then().statusCode(401);
    }
}
