package io.stratus.dashboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.common.testing.Tokens;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The live feed over real sockets, PostgreSQL NOTIFY in between (spec §5). */
@QuarkusTest
class LiveEventsTest {
    static final Duration WAIT = Duration.ofSeconds(5);

    @TestHTTPResource("/events")
    URI http;

    @Inject
    LiveListener listener;

    @Inject
    LiveHub hub;

    @Inject
    LiveStore store;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    URI uri(String query) {
        return URI.create(http.toString().replaceFirst("^http", "ws") + query);
    }

    @BeforeEach
    void listenerIsUp() throws InterruptedException {
        for (int i = 0; i < 200 && !listener.listening(); i++) {
            Thread.sleep(50);
        }
        assertTrue(listener.listening());
    }

    SocketClient connect(User user, String query) throws Exception {
        listenerCaughtUp();
        int before = hub.size();
        SocketClient client = SocketClient.connect(uri(query), user.token());
        awaitSubscribers(before + 1);
        return client;
    }

    /**
     * Waits until the listener has handed out every event committed so far: on a loaded machine the NOTIFY of a
     * change made just before a socket connects (the app's creation) can reach it after the socket did.
     */
    void listenerCaughtUp() throws Exception {
        long max;
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, "");
             Statement s = c.createStatement();
             var rs = s.executeQuery("select coalesce(max(id), 0) from dashboard.events")) {
            rs.next();
            max = rs.getLong(1);
        }
        for (int i = 0; i < 200 && listener.lastDeliveredId() < max; i++) {
            Thread.sleep(25);
        }
        assertTrue(listener.lastDeliveredId() >= max, "the listener is behind the outbox");
    }

    void awaitSubscribers(int count) throws InterruptedException {
        for (int i = 0; i < 200 && hub.size() < count; i++) {
            Thread.sleep(25);
        }
    }

    @Test
    void aConnectedClientGetsTheChangeWithinOneSecondOfTheResponse() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        SocketClient client = connect(owner, "");
        try {
            owner.json(Map.of("quantity", 3)).patch("/apps/{app}/formation/web", app).then().statusCode(200);
            long returned = System.nanoTime();
            SocketClient.Frame frame = client.next("formation", WAIT);
            assertNotNull(frame, "no formation event");
            long lagMs = TimeUnit.NANOSECONDS.toMillis(frame.receivedNanos() - returned);
            assertTrue(lagMs <= 1000, "event arrived " + lagMs + " ms after the response");
            JsonNode json = frame.json();
            assertEquals("event", json.get("type").asText());
            assertEquals("update", json.get("action").asText());
            assertEquals(3, json.get("data").get("quantity").asInt());
            assertEquals(app, json.get("data").get("app").get("name").asText());
            assertTrue(json.get("id").isNumber());
            assertTrue(json.get("at").asText().endsWith("Z"));
        } finally {
            client.close();
        }
    }

    @Test
    void configEventsNameKeysButNeverValues() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        SocketClient client = connect(owner, "?app=" + app);
        try {
            owner.json(Map.of("SECRET", "hunter2")).patch("/apps/{app}/config-vars", app).then().statusCode(200);
            SocketClient.Frame frame = client.next("config-vars", WAIT);
            assertNotNull(frame);
            assertEquals("SECRET", frame.json().get("data").get("set").get(0).asText());
            assertEquals(2, frame.json().get("data").get("release").get("version").asInt());
            assertFalse(frame.json().toString().contains("hunter2"));
        } finally {
            client.close();
        }
    }

    @Test
    void eventsOfOneAppArriveInCommitOrder() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        SocketClient client = connect(owner, "?app=" + app);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                writes.add(pool.submit(() -> owner.json(Map.of("K" + n, "v")).patch("/apps/{app}/config-vars", app)
                        .then().statusCode(200)));
            }
            for (var w : writes) {
                w.get();
            }
            List<Integer> versions = new ArrayList<>();
            long lastId = 0;
            for (int i = 0; i < 12; i++) {
                SocketClient.Frame frame = client.next("release", WAIT);
                assertNotNull(frame, "missing release event " + i);
                long id = frame.json().get("id").asLong();
                assertTrue(id > lastId, "ids must increase in delivery order");
                lastId = id;
                versions.add(frame.json().get("data").get("version").asInt());
            }
            assertEquals(java.util.stream.IntStream.rangeClosed(2, 13).boxed().toList(), versions);
        } finally {
            pool.shutdownNow();
            client.close();
        }
    }

    @Test
    void aStrangerReceivesNothingAboutTheApp() throws Exception {
        User owner = TestApi.user();
        User stranger = TestApi.user();
        stranger.req().get("/account").then().statusCode(200);
        String app = TestApi.app(owner);
        SocketClient mine = connect(owner, "");
        SocketClient theirs = connect(stranger, "");
        try {
            owner.json(Map.of("quantity", 1)).patch("/apps/{app}/formation/web", app).then().statusCode(200);
            owner.json(Map.of("A", "1")).patch("/apps/{app}/config-vars", app).then().statusCode(200);
            owner.json(Map.of("user", TestApi.user().email())).post("/apps/{app}/collaborators", app).then()
                    .statusCode(201);
            owner.req().delete("/apps/{app}", app).then().statusCode(200);
            SocketClient.Frame destroyed = mine.next("app", WAIT);
            assertNotNull(destroyed);
            assertEquals("destroy", destroyed.json().get("action").asText());
            assertNull(theirs.frames.poll(300, TimeUnit.MILLISECONDS), "the stranger got an event");
        } finally {
            mine.close();
            theirs.close();
        }
        String other = TestApi.app(owner);
        SocketClient narrowed = SocketClient.connect(uri("?app=" + other), stranger.token());
        assertEquals(4404, narrowed.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aRolledBackChangeSendsNothing() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        SocketClient client = connect(owner, "?app=" + app);
        try {
            owner.json(Map.of("updates", List.of(Map.of("type", "web", "quantity", 2),
                    Map.of("type", "web", "size", "nope")))).patch("/apps/{app}/formation", app).then().statusCode(422);
            assertNull(client.frames.poll(500, TimeUnit.MILLISECONDS));
        } finally {
            client.close();
        }
    }

    @Test
    void aBrowserAuthenticatesWithTheBearerSubprotocol() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        String encoded = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(owner.token().getBytes(StandardCharsets.UTF_8));
        int before = hub.size();
        SocketClient client = SocketClient.connect(uri(""), "stratus.events.v1", "stratus.bearer." + encoded);
        awaitSubscribers(before + 1);
        try {
            assertEquals("stratus.events.v1", client.socket.getSubprotocol());
            owner.json(Map.of("maintenance", true)).patch("/apps/{app}", app).then().statusCode(200);
            SocketClient.Frame frame = client.next("app", WAIT);
            assertNotNull(frame);
            assertEquals("update", frame.json().get("action").asText());
        } finally {
            client.close();
        }
    }

    @Test
    void aMissingOrBadTokenGets401WithoutUpgrade() {
        CompletionException noToken = assertThrows(CompletionException.class,
                () -> SocketClient.connect(uri(""), new String[0]));
        assertEquals(401, ((WebSocketHandshakeException) noToken.getCause()).getResponse().statusCode());
        CompletionException bad = assertThrows(CompletionException.class,
                () -> SocketClient.connect(uri(""), "forged.token.here"));
        assertInstanceOf(WebSocketHandshakeException.class, bad.getCause());
        CompletionException service = assertThrows(CompletionException.class,
                () -> SocketClient.connect(uri(""), Tokens.service("svc", "x")));
        assertEquals(401, ((WebSocketHandshakeException) service.getCause()).getResponse().statusCode());
    }

    @Test
    void reconnectingWithSinceReplaysWhatWasMissedThenGoesLive() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        SocketClient first = connect(owner, "?app=" + app);
        long firstId;
        try {
            owner.json(Map.of("A", "1")).patch("/apps/{app}/config-vars", app).then().statusCode(200);
            firstId = first.next("config-vars", WAIT).json().get("id").asLong();
        } finally {
            first.close();
        }
        owner.json(Map.of("B", "2")).patch("/apps/{app}/config-vars", app).then().statusCode(200);
        SocketClient again = connect(owner, "?app=" + app + "&since=" + firstId);
        try {
            SocketClient.Frame missed = again.next("config-vars", WAIT);
            assertNotNull(missed);
            assertEquals("B", missed.json().get("data").get("set").get(0).asText());
            owner.json(Map.of("C", "3")).patch("/apps/{app}/config-vars", app).then().statusCode(200);
            assertEquals("C", again.next("config-vars", WAIT).json().get("data").get("set").get(0).asText());
        } finally {
            again.close();
        }
    }

    @Test
    void aSinceOlderThanTheOutboxClosesWith4410() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, "");
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("select max(id) from dashboard.events");
            rs.next();
            long max = rs.getLong(1);
            s.executeUpdate("delete from dashboard.events where id < " + max);
            SocketClient client = SocketClient.connect(uri("?since=" + (max - 5)), owner.token());
            assertEquals(4410, client.closed.get(5, TimeUnit.SECONDS));
        }
    }

    /** Two listeners on one database: a raw pgjdbc LISTEN sees this instance's commits, and a NOTIFY committed
     * by another writer (as another instance would) reaches this instance's sockets. */
    @Test
    void eventsCrossInstancesThroughPostgres() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        String appId = owner.req().get("/apps/{app}", app).then().extract().path("id");
        try (Connection other = DriverManager.getConnection(jdbcUrl, dbUser, "")) {
            try (Statement s = other.createStatement()) {
                s.execute("LISTEN " + LiveEvents.CHANNEL);
            }
            owner.json(Map.of("quantity", 2)).patch("/apps/{app}/formation/web", app).then().statusCode(200);
            PGNotification[] got = other.unwrap(PGConnection.class).getNotifications(5000);
            assertNotNull(got);
            JsonNode payload = SocketClient.JSON.readTree(got[0].getParameter());
            assertEquals("formation", payload.get("frame").get("resource").asText(), got[0].getParameter());
            assertEquals(appId, payload.get("app").asText());
            assertTrue(payload.get("id").asLong() > 0);

            SocketClient client = connect(owner, "?app=" + app);
            try {
                other.setAutoCommit(false);
                // Over the NOTIFY size limit, so the payload carries only the id: the listener reads the outbox.
                insertEvent(other, appId, owner.id(), "big", "x".repeat(9000));
                assertNull(client.frames.poll(300, TimeUnit.MILLISECONDS), "delivered before commit");
                other.commit();
                SocketClient.Frame received = client.next("app", WAIT);
                assertNotNull(received);
                assertEquals("big", received.json().get("data").get("marker").asText());
                assertEquals(idOf(other, "big"), received.json().get("id").asLong());
            } finally {
                client.close();
            }
        }
    }

    /**
     * Two transactions commit in the opposite order of their inserts, as two instances' requests can: ids follow
     * the commits, so a client that saw the second and resumes from its id still gets the first.
     */
    @Test
    void idsFollowCommitOrderSoAResumeMissesNothing() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        String appId = owner.req().get("/apps/{app}", app).then().extract().path("id");
        SocketClient watcher = connect(owner, "");
        SocketClient leaving = connect(owner, "");
        try (Connection early = DriverManager.getConnection(jdbcUrl, dbUser, "");
             Connection late = DriverManager.getConnection(jdbcUrl, dbUser, "")) {
            early.setAutoCommit(false);
            late.setAutoCommit(false);
            insertEvent(early, appId, owner.id(), "inserted-first", "");
            insertEvent(late, appId, owner.id(), "inserted-second", "");
            late.commit();
            SocketClient.Frame seen = leaving.next("app", WAIT);
            assertNotNull(seen);
            assertEquals("inserted-second", seen.json().get("data").get("marker").asText());
            long lastSeen = seen.json().get("id").asLong();
            leaving.close();
            early.commit();
            assertTrue(idOf(early, "inserted-first") > lastSeen, "the later commit must get the higher id");

            SocketClient resumed = connect(owner, "?since=" + lastSeen);
            try {
                SocketClient.Frame missed = resumed.next("app", WAIT);
                assertNotNull(missed, "the resume lost the event committed after the one it had seen");
                assertEquals("inserted-first", missed.json().get("data").get("marker").asText());
            } finally {
                resumed.close();
            }
            SocketClient.Frame one = watcher.next("app", WAIT);
            SocketClient.Frame two = watcher.next("app", WAIT);
            assertNotNull(two);
            assertEquals("inserted-second", one.json().get("data").get("marker").asText());
            assertEquals("inserted-first", two.json().get("data").get("marker").asText());
            assertTrue(two.json().get("id").asLong() > one.json().get("id").asLong());
        } finally {
            watcher.close();
        }
    }

    @Test
    void aFrameHandedOutTwiceIsSentOnce() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        SocketClient client = connect(owner, "?app=" + app);
        try {
            owner.json(Map.of("maintenance", true)).patch("/apps/{app}", app).then().statusCode(200);
            SocketClient.Frame frame = client.next("app", WAIT);
            assertNotNull(frame);
            long id = frame.json().get("id").asLong();
            try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, "")) {
                // As the listener does after a reconnect whose catch-up overlaps notifications already delivered.
                store.after(c, id - 1, owner.id(), null).forEach(hub::deliver);
            }
            assertNull(client.frames.poll(500, TimeUnit.MILLISECONDS), "a duplicate frame was sent");
        } finally {
            client.close();
        }
    }

    static void insertEvent(Connection c, String appId, UUID audience, String marker, String padding)
            throws Exception {
        String frame = "{\"type\":\"event\",\"resource\":\"app\",\"action\":\"update\",\"data\":{\"marker\":\""
                + marker + "\",\"padding\":\"" + padding + "\"},\"at\":\"2026-11-26T00:00:00Z\"}";
        try (PreparedStatement p = c.prepareStatement("insert into dashboard.events (app_id, audience, frame)"
                + " values (?::uuid, ?::jsonb, ?::jsonb)")) {
            p.setString(1, appId);
            p.setString(2, "[\"" + audience + "\"]");
            p.setString(3, frame);
            p.executeUpdate();
        }
    }

    static long idOf(Connection c, String marker) throws Exception {
        try (PreparedStatement p = c.prepareStatement(
                "select id from dashboard.events where frame -> 'data' ->> 'marker' = ?")) {
            p.setString(1, marker);
            var rs = p.executeQuery();
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
