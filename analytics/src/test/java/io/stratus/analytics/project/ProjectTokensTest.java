package io.stratus.analytics.project;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.analytics.StoredEvents;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A project created on another instance (a row this instance's cache has never seen) is usable by the very next
 * request, even right after a reload: an unknown token waits for a reload that started after it arrived.
 */
@QuarkusTest
class ProjectTokensTest {
    @Inject
    AgroalDataSource db;

    record Inserted(UUID id, String token, String secret) {
    }

    /** As another instance's ProjectService would: straight into the table, bypassing this cache. */
    Inserted insertElsewhere() throws SQLException {
        Inserted p = new Inserted(UUID.randomUUID(), Secrets.randomHex32(), Secrets.randomHex32());
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("insert into"
                + " analytics.projects (id, owner_id, name, token, secret_hash, created_at) values (?, ?, ?, ?, ?,"
                + " now())")) {
            s.setObject(1, p.id());
            s.setObject(2, UUID.randomUUID());
            s.setString(3, "Elsewhere");
            s.setString(4, p.token());
            s.setString(5, Secrets.hash(p.secret()));
            s.executeUpdate();
        }
        return p;
    }

    static String event(String token) {
        return "{\"event\":\"Signed up\",\"distinct_id\":\"u1\",\"token\":\"" + token + "\"}";
    }

    static int send(String token) {
        return given().contentType(ContentType.JSON).body(event(token)).when().post("/v1/events")
                .then().extract().statusCode();
    }

    @Test
    void aTokenCreatedElsewhereIsAcceptedRightAfterAnUnknownOne() throws SQLException {
        // The unknown token makes this instance reload now, so a cache that merely rate-limited its reloads
        // would refuse the next new token until the following reload.
        given().contentType(ContentType.JSON).body(event(Secrets.randomHex32())).when().post("/v1/events")
                .then().statusCode(401).contentType(ContentType.JSON).body("id", equalTo("unauthorized"));
        Inserted p = insertElsewhere();
        given().contentType(ContentType.JSON).body(event(p.token())).when().post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(1));
        StoredEvents.awaitCount(db, p.id(), 1);

        Inserted imported = insertElsewhere();
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((imported.secret() + ":").getBytes(StandardCharsets.UTF_8));
        given().header("Authorization", basic).contentType(ContentType.JSON)
                .body("[{\"event\":\"Imported\",\"properties\":{\"distinct_id\":\"u1\",\"time\":"
                        + System.currentTimeMillis() + ",\"$insert_id\":\"i-1\"}}]")
                .when().post("/import").then().statusCode(200);
        StoredEvents.awaitCount(db, imported.id(), 1);
    }

    @Test
    void concurrentNewAndUnknownTokensEachGetTheirOwnAnswer() throws SQLException {
        List<CompletableFuture<Integer>> unknown = new ArrayList<>();
        List<CompletableFuture<Integer>> known = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            unknown.add(CompletableFuture.supplyAsync(() -> send(Secrets.randomHex32())));
            String token = insertElsewhere().token();
            known.add(CompletableFuture.supplyAsync(() -> send(token)));
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(401, unknown.get(i).join());
            assertEquals(202, known.get(i).join());
        }
    }
}
