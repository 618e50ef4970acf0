package io.stratus.analytics.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import io.stratus.common.testing.Tokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImportTest {
    @Inject
    AgroalDataSource db;

    static String basic(String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((secret + ":").getBytes(StandardCharsets.UTF_8));
    }

    static String imported(String name, String distinctId, String insertId, long time) {
        return "{\"event\":\"" + name + "\",\"properties\":{\"distinct_id\":\"" + distinctId + "\",\"$insert_id\":\""
                + insertId + "\",\"time\":" + time + ",\"k\":\"v\"}}";
    }

    @Test
    void importsOldEventsWithTheSecret() {
        TestProject p = TestProjects.create();
        long yearAgo = System.currentTimeMillis() - 365L * 86400 * 1000;
        given().header("Authorization", basic(p.secret())).contentType(ContentType.JSON)
                .body("[" + imported("old", "u1", "i-1", yearAgo) + "," + imported("old", "u2", "i-2", yearAgo) + "]")
                .when().post("/import?strict=1")
                .then().statusCode(200).body("code", equalTo(200)).body("num_records_imported", equalTo(2))
                .body("status", equalTo("OK"));
        StoredEvents.awaitCount(db, p.id(), 2);
    }

    @Test
    void wrongSecretOrTheTokenIs401() {
        TestProject p = TestProjects.create();
        for (String auth : new String[] {basic("wrong"), basic(p.token()), "Bearer x"}) {
            given().header("Authorization", auth).contentType(ContentType.JSON).body("[]")
                    .when().post("/import")
                    .then().statusCode(401).body("code", equalTo(401)).body("error", equalTo("Invalid credentials"))
                    .body("status", equalTo("Unauthorized"));
        }
    }

    @Test
    void importsWithAServiceTokenIntoTheNamedProject() {
        TestProject p = TestProjects.create();
        long now = System.currentTimeMillis();
        given().auth().oauth2(Tokens.service("etl", "analytics:read analytics:write")).contentType(ContentType.JSON)
                .body("[" + imported("svc", "u1", "s-1", now) + "," + imported("svc", "u2", "s-2", now) + "]")
                .when().post("/import?strict=1&project_id=" + p.id())
                .then().statusCode(200).body("code", equalTo(200)).body("num_records_imported", equalTo(2));
        StoredEvents.awaitCount(db, p.id(), 2);
    }

    @Test
    void serviceTokenNeedsTheScopeAValidSignatureAndAKnownProject() {
        TestProject p = TestProjects.create();
        String body = "[" + imported("svc", "u1", "s-1", System.currentTimeMillis()) + "]";
        String url = "/import?project_id=" + p.id();
        for (String token : new String[] {Tokens.service("etl", "analytics:read"), Tokens.forAccount(p.owner())}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(url)
                    .then().statusCode(403).body("code", equalTo(403)).body("status", equalTo("Forbidden"));
        }
        Instant past = Instant.now().minus(Duration.ofHours(2));
        String expired = Tokens.sign(Tokens.base("etl").groups(Set.of("service")).claim("scope", "analytics:write")
                .issuedAt(past).expiresAt(past.plus(Duration.ofMinutes(10))));
        String good = Tokens.service("etl", "analytics:write");
        String forged = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String token : new String[] {expired, forged}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(url)
                    .then().statusCode(401).body("error", equalTo("Invalid credentials"));
        }
        given().auth().oauth2(good).contentType(ContentType.JSON).body(body).when().post("/import")
                .then().statusCode(400).body("code", equalTo(400));
        given().auth().oauth2(good).contentType(ContentType.JSON).body(body)
                .when().post("/import?project_id=" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo(404));
        given().auth().oauth2(good).contentType(ContentType.JSON).body(body).when().post("/import?project_id=nope")
                .then().statusCode(400);
        // What was refused above left nothing behind; the same body with the right token is stored.
        given().auth().oauth2(good).contentType(ContentType.JSON).body(body).when().post(url)
                .then().statusCode(200).body("num_records_imported", equalTo(1));
        StoredEvents.awaitCount(db, p.id(), 1);
    }

    @Test
    void strictReportsInvalidEventsAndKeepsTheValidOnes() {
        TestProject p = TestProjects.create();
        long now = System.currentTimeMillis();
        String body = "[" + imported("ok", "u1", "i-1", now) + ","
                + "{\"event\":\"no insert id\",\"properties\":{\"distinct_id\":\"u1\",\"time\":" + now + "}},"
                + imported("placeholder", "undefined", "i-3", now) + ","
                + "{\"event\":\"wrong token\",\"properties\":{\"token\":\"other\",\"distinct_id\":\"u1\","
                + "\"$insert_id\":\"i-4\",\"time\":" + now + "}}]";
        given().header("Authorization", basic(p.secret())).contentType(ContentType.JSON).body(body)
                .when().post("/import")
                .then().statusCode(400).body("code", equalTo(400)).body("num_records_imported", equalTo(1))
                .body("failed_records.size()", equalTo(3)).body("failed_records[0].index", equalTo(1))
                .body("failed_records[0].field", equalTo("$insert_id"))
                .body("failed_records[1].$insert_id", equalTo("i-3"));
        StoredEvents.awaitCount(db, p.id(), 1);
    }

    @Test
    void nonStrictSkipsInvalidEvents() {
        TestProject p = TestProjects.create();
        long now = System.currentTimeMillis();
        String ndjson = imported("a", "u1", "i-1", now) + "\n{\"event\":\"no time\",\"properties\":{}}\n"
                + imported("b", "u1", "i-2", now) + "\n";
        given().header("Authorization", basic(p.secret())).contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8))
                .when().post("/import?strict=0")
                .then().statusCode(200).body("num_records_imported", equalTo(2));
        StoredEvents.awaitCount(db, p.id(), 2);
    }

    @Test
    void importDeduplicatesResends() {
        TestProject p = TestProjects.create();
        long t = System.currentTimeMillis() - 10L * 86400 * 1000;
        String body = "[" + imported("e", "u1", "same", t) + "]";
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", basic(p.secret())).contentType(ContentType.JSON).body(body)
                    .when().post("/import").then().statusCode(200);
        }
        StoredEvents.awaitCount(db, p.id(), 1);
        StoredEvents.sleep(300);
        assertEquals(1, StoredEvents.count(db, p.id()));
    }
}
