package io.stratus.analytics.query;

import static io.restassured.RestAssured.given;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects.TestProject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** A generated event, sent through the real /import route so that the writer and its rollups store it. */
record Generated(String event, String user, long time, String plan) {
    Instant instant() {
        return Instant.ofEpochMilli(time);
    }

    String json(int index) {
        return "{\"event\":\"" + event + "\",\"properties\":{" + (user == null ? "" : "\"distinct_id\":\"" + user
                + "\",") + "\"$insert_id\":\"g" + index + "\",\"time\":" + time
                + (plan == null ? "" : ",\"plan\":\"" + plan + "\"") + "}}";
    }

    /** Imports the events (twice when {@code resend}: duplicates must be stored once) and waits until stored. */
    static void send(AgroalDataSource db, TestProject p, List<Generated> events, boolean resend) {
        String auth = "Basic "
                + Base64.getEncoder().encodeToString((p.secret() + ":").getBytes(StandardCharsets.UTF_8));
        for (int round = 0; round < (resend ? 2 : 1); round++) {
            for (int from = 0; from < events.size(); from += 1000) {
                StringBuilder body = new StringBuilder("[");
                for (int i = from; i < Math.min(events.size(), from + 1000); i++) {
                    body.append(i == from ? "" : ",").append(events.get(i).json(i));
                }
                given().header("Authorization", auth).contentType(ContentType.JSON).body(body.append("]").toString())
                        .when().post("/import?strict=0")
                        .then().statusCode(200);
            }
        }
        // Rows become visible when their batch commits, and the rollups commit in the same transaction.
        StoredEvents.awaitCount(db, p.id(), events.size());
    }
}
