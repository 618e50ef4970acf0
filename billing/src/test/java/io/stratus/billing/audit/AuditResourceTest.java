package io.stratus.billing.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.billing.audit.AuditDataGenerator.Dataset;
import io.stratus.billing.audit.AuditDataGenerator.Spec;
import io.stratus.common.testing.Tokens;
import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditResourceTest {
    static final String READER = Tokens.service("audit-tests", "billing:read");
    static final String PATH = "/internal/billing/audit-runs";

    @Test
    void runsAnAuditAndServesItsStatusAndReport() throws Exception {
        Dataset data = AuditPipelineTest.generate(new Spec(505, 300, 2, YearMonth.of(2026, 10), 2));

        String id = given().auth().oauth2(READER).contentType(ContentType.JSON)
                .body(Map.of("period", "2026-10", "account_from", data.from(), "account_to", data.to()))
                .when().post(PATH)
                .then().statusCode(202).header("Location", containsString(PATH + "/"))
                .body("state", equalTo("running")).body("period", equalTo("2026-10"))
                .extract().path("id");
        String state = "running";
        for (int i = 0; i < 300 && state.equals("running"); i++) {
            Thread.sleep(100);
            state = given().auth().oauth2(READER).when().get(PATH + "/{id}", id)
                    .then().statusCode(200).extract().path("state");
        }

        var status = given().auth().oauth2(READER).when().get(PATH + "/{id}", id).then().statusCode(200)
                .body("state", equalTo("completed")).body("accounts_done", equalTo(300))
                .body("discrepancies", equalTo(data.faults().size())).body("finished_at", notNullValue());
        data.faultCounts().forEach((kind, n) -> status.body("counts." + kind.id(), equalTo(n.intValue())));
        assertEquals(12, data.faults().size(), "two faults of each kind injected");
        String report = given().auth().oauth2(READER).when().get(PATH + "/{id}/report", id)
                .then().statusCode(200).contentType(AuditResource.JSON_LINES).extract().asString();
        assertEquals(12, report.lines().count());
        assertEquals(12, report.lines().filter(l -> l.startsWith("{\"kind\":")).count());
        given().auth().oauth2(READER).when().post(PATH + "/{id}/resume", id).then().statusCode(409)
                .contentType(ContentType.JSON).body("id", notNullValue()).body("message", notNullValue());
        given().auth().oauth2(READER).when().post(PATH + "/{id}/stop", id).then().statusCode(409);
    }

    @Test
    void needsAServiceTokenWithBillingRead() {
        Map<String, String> body = Map.of("period", "2026-10");
        given().contentType(ContentType.JSON).body(body).when().post(PATH).then().statusCode(401);
        given().auth().oauth2(Tokens.service("other", "analytics:read")).contentType(ContentType.JSON).body(body)
                .when().post(PATH).then().statusCode(403).contentType(ContentType.JSON).body("id", notNullValue());
        given().auth().oauth2(Tokens.forAccount(Tokens.TestAccount.create())).contentType(ContentType.JSON)
                .body(body).when().post(PATH).then().statusCode(403);
        given().auth().oauth2(Tokens.forAdmin(Tokens.TestAccount.create())).when()
                .get(PATH + "/{id}", UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2("not.a.token").when().get(PATH + "/{id}", UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void refusesBadRequestsWithJsonErrors() {
        given().auth().oauth2(READER).contentType(ContentType.JSON).body("{\"period\":").when().post(PATH)
                .then().statusCode(400).contentType(ContentType.JSON).body("id", notNullValue());
        given().auth().oauth2(READER).contentType(ContentType.JSON).body(Map.of("period", "2026-13"))
                .when().post(PATH).then().statusCode(422).contentType(ContentType.JSON);
        given().auth().oauth2(READER).contentType(ContentType.JSON).body(Map.of()).when().post(PATH)
                .then().statusCode(422);
        given().auth().oauth2(READER).contentType(ContentType.JSON).body(Map.of("period", "2099-01"))
                .when().post(PATH).then().statusCode(422).body("message", containsString("not ended"));
        given().auth().oauth2(READER).contentType(ContentType.JSON)
                .body(Map.of("period", "2026-10", "account_from", "ffffffff-0000-0000-0000-000000000000",
                        "account_to", "00000000-0000-0000-0000-000000000000"))
                .when().post(PATH).then().statusCode(422);
        given().auth().oauth2(READER).contentType(ContentType.JSON)
                .body(Map.of("period", "2026-10", "account_from", "not-a-uuid")).when().post(PATH)
                .then().statusCode(400);
        given().auth().oauth2(READER).when().get(PATH + "/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType(ContentType.JSON);
        given().auth().oauth2(READER).when().get(PATH + "/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(READER).when().get(PATH + "/{id}/report", UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(READER).when().post(PATH + "/{id}/resume", UUID.randomUUID()).then().statusCode(404);
    }
}
