package io.stratus.analytics.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Mixpanel decoding rules of spec §3, one test each. */
@QuarkusTest
class MixpanelTrackTest {
    @Inject
    AgroalDataSource db;

    static String track(TestProject p, String name, String props) {
        return "{\"event\":\"" + name + "\",\"properties\":{\"token\":\"" + p.token() + "\",\"distinct_id\":\"u1\""
                + props + "}}";
    }

    static String base64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String form() {
        return "application/x-www-form-urlencoded";
    }

    @Test
    void formBodyWithUnescapedBase64KeepsItsPlusSigns() {
        TestProject p = TestProjects.create();
        // '~~~' encodes to 'fn5+': this payload's base64 holds '+' characters, posted unescaped as the Node client does.
        String json = track(p, "Plus", ",\"q\":\"~~~>>>\"");
        String data = base64(json);
        assertTrue(data.contains("+"), data);
        given().contentType(form()).body("data=" + data).when().post("/track")
                .then().statusCode(200).contentType(ContentType.TEXT).header("Cache-Control", "no-store")
                .body(equalTo("1"));
        StoredEvents.awaitCount(db, p.id(), 1);
        assertTrue(StoredEvents.rows(db, p.id()).get(0).get("properties").contains("~~~>>>"));
    }

    @Test
    void urlSafeBase64WithoutPaddingIsAccepted() {
        TestProject p = TestProjects.create();
        String data = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(track(p, "Safe", ",\"q\":\"~~~>>>?\"").getBytes(StandardCharsets.UTF_8));
        given().contentType(form()).body("data=" + data).when().post("/track/")
                .then().statusCode(200).body(equalTo("1"));
        StoredEvents.awaitCount(db, p.id(), 1);
    }

    @Test
    void rawJsonDataInTheQueryIsAccepted() {
        TestProject p = TestProjects.create();
        String data = URLEncoder.encode(track(p, "Raw json", ",\"q\":\"a b\""), StandardCharsets.UTF_8);
        given().urlEncodingEnabled(false).when().get("/track?ip=1&_=123&data=" + data)
                .then().statusCode(200).body(equalTo("1"));
        StoredEvents.awaitCount(db, p.id(), 1);
        assertEquals("Raw json", StoredEvents.rows(db, p.id()).get(0).get("event"));
    }

    @Test
    void textPlainBodyAsSendBeaconPostsIt() {
        TestProject p = TestProjects.create();
        given().contentType("text/plain").body("data=" + URLEncoder.encode(base64("[" + track(p, "beacon", "") + ","
                + track(p, "beacon2", "") + "]"), StandardCharsets.UTF_8))
                .when().post("/track").then().statusCode(200).body(equalTo("1"));
        StoredEvents.awaitCount(db, p.id(), 2);
    }

    @Test
    void cesu8EmojiIsPreservedByParsingBytes() {
        TestProject p = TestProjects.create();
        // U+1F600 as two 3-byte surrogates (CESU-8), as the browser client writes it.
        byte[] cesu = {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80};
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.writeBytes(("{\"event\":\"smile\",\"properties\":{\"token\":\"" + p.token() + "\",\"face\":\"")
                .getBytes(StandardCharsets.UTF_8));
        json.writeBytes(cesu);
        json.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
        String data = Base64.getEncoder().encodeToString(json.toByteArray());
        given().contentType(form()).body("data=" + URLEncoder.encode(data, StandardCharsets.UTF_8))
                .when().post("/track").then().statusCode(200).body(equalTo("1"));
        StoredEvents.awaitCount(db, p.id(), 1);
        String stored = StoredEvents.rows(db, p.id()).get(0).get("properties");
        assertTrue(stored.contains("\uD83D\uDE00"), stored);
    }

    @Test
    void invalidBase64AndNotJsonAnswerZero() {
        TestProject p = TestProjects.create();
        given().contentType(form()).body("data=%%%%***").when().post("/track")
                .then().statusCode(200).body(equalTo("0"));
        given().contentType(form()).body("data=" + base64("not json")).when().post("/track")
                .then().statusCode(200).body(equalTo("0"));
        given().contentType(form()).body("nodata=1").when().post("/track")
                .then().statusCode(200).body(equalTo("0"));
        given().contentType(form()).body("data=" + base64(track(p, "after", ""))).when().post("/track")
                .then().statusCode(200).body(equalTo("1"));
        StoredEvents.awaitCount(db, p.id(), 1);
    }

    @Test
    void verboseAnswersJson() {
        TestProject p = TestProjects.create();
        given().contentType(form()).body("data=" + base64(track(p, "v", ""))).when().post("/track?verbose=1")
                .then().statusCode(200).contentType(ContentType.JSON).body("status", equalTo(1))
                .body("error", equalTo(null));
        given().contentType(form()).body("data=" + base64("{\"event\":\"x\",\"properties\":{\"token\":\"nope\"}}"))
                .when().post("/track?verbose=1")
                .then().statusCode(200).body("status", equalTo(0)).body("error", equalTo("token is not a known project token"));
    }

    @Test
    void jsonBodyIsTheEvent() {
        TestProject p = TestProjects.create();
        given().contentType(ContentType.JSON).body(track(p, "json body", ",\"$insert_id\":\"abc-1\""))
                .when().post("/track").then().statusCode(200).body(equalTo("1"));
        StoredEvents.awaitCount(db, p.id(), 1);
        Map<String, String> row = StoredEvents.rows(db, p.id()).get(0);
        assertEquals("abc-1", row.get("insert_id"));
        assertEquals("u1", row.get("distinct_id"));
        assertEquals("{}", row.get("properties"));
    }

    @Test
    void engageAppliesOperationsInOrder() {
        TestProject p = TestProjects.create();
        String base = "\"$token\":\"" + p.token() + "\",\"$distinct_id\":\"u9\"";
        String updates = "[{" + base + ",\"$set\":{\"name\":\"Ada\",\"plan\":\"free\"}},"
                + "{" + base + ",\"$set_once\":{\"name\":\"Bob\",\"first\":\"x\"}},"
                + "{" + base + ",\"$add\":{\"visits\":2}},{" + base + ",\"$add\":{\"visits\":3}},"
                + "{" + base + ",\"$unset\":[\"plan\"]}]";
        given().contentType(form()).body("data=" + base64(updates)).when().post("/engage")
                .then().statusCode(200).body(equalTo("1"));
        String expected = "{\"name\": \"Ada\", \"first\": \"x\", \"visits\": 5}";
        long deadline = System.currentTimeMillis() + 10_000;
        String props = null;
        while (System.currentTimeMillis() < deadline && !expected.equals(props)) {
            props = profile(p, "u9");
            StoredEvents.sleep(50);
        }
        assertEquals(expected, props);
        given().contentType(form()).body("data=" + base64("{" + base + ",\"$union\":{\"a\":1}}"))
                .when().post("/engage").then().statusCode(200).body(equalTo("0"));
        given().contentType(form()).body("data=" + base64("{" + base + ",\"$delete\":\"\"}"))
                .when().post("/engage").then().statusCode(200).body(equalTo("1"));
        deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && profile(p, "u9") != null) {
            StoredEvents.sleep(50);
        }
        assertEquals(null, profile(p, "u9"));
    }

    @Test
    void engageListOperationsApplyInAcceptanceOrderAcrossRequests() {
        TestProject p = TestProjects.create();
        String base = "\"$token\":\"" + p.token() + "\",\"$distinct_id\":\"lists\"";
        // One request each, sent back to back: they may leave the queue in different batches and writers.
        String[] updates = {
            "{\"$set\":{\"tags\":[\"a\"],\"n\":1}}",
            "{\"$union\":{\"tags\":[\"a\",\"b\"],\"new\":[\"x\",\"x\"]}}",
            "{\"$append\":{\"tags\":\"c\"}}",
            "{\"$append\":{\"tags\":\"a\"}}",
            "{\"$remove\":{\"tags\":\"a\",\"n\":1}}"};
        for (String update : updates) {
            String json = "{" + base + "," + update.substring(1);
            given().contentType(form()).body("data=" + base64(json)).when().post("/engage")
                    .then().statusCode(200).body(equalTo("1"));
        }
        String expected = "{\"n\": 1, \"new\": [\"x\"], \"tags\": [\"b\", \"c\"]}";
        long deadline = System.currentTimeMillis() + 10_000;
        String props = null;
        while (System.currentTimeMillis() < deadline && !expected.equals(props)) {
            props = profile(p, "lists");
            StoredEvents.sleep(50);
        }
        assertEquals(expected, props);
    }

    @Test
    void engageRefusesMalformedListOperations() {
        TestProject p = TestProjects.create();
        String base = "\"$token\":\"" + p.token() + "\",\"$distinct_id\":\"bad\"";
        for (String update : new String[] {"\"$union\":[1]", "\"$union\":{\"a\":\"x\"}", "\"$append\":[1]",
                "\"$remove\":\"a\"", "\"$append\":{\"a\":1},\"$remove\":{\"a\":1}"}) {
            given().contentType(form()).queryParam("verbose", "1")
                    .body("data=" + base64("{" + base + "," + update + "}")).when().post("/engage")
                    .then().statusCode(200).body("status", equalTo(0));
        }
    }

    private String profile(TestProject p, String distinctId) {
        try (var c = db.getConnection(); var ps = c.prepareStatement(
                "SELECT properties::text FROM analytics.profiles WHERE project_id = ? AND distinct_id = ?")) {
            ps.setObject(1, p.id());
            ps.setString(2, distinctId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
