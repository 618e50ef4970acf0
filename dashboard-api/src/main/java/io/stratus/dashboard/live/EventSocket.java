package io.stratus.dashboard.live;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * {@code /events}: the live change feed (spec §5). {@code ?app=} narrows it to one app, {@code ?since=<id>}
 * replays what a reconnecting client missed before live frames.
 */
@WebSocket(path = "/events")
public class EventSocket {
    static final CloseReason EXPIRED = new CloseReason(4401, "Token expired");
    static final CloseReason GONE = new CloseReason(4410, "Events since that id are no longer kept; refetch");
    static final CloseReason NO_APP = new CloseReason(4404, "Couldn't find that app.");
    static final CloseReason NOT_READY = new CloseReason(1013, "Live events are not up yet; try again later");
    private static final Logger LOG = Logger.getLogger(EventSocket.class);

    private final SocketTokens tokens;
    private final LiveHub hub;
    private final LiveStore store;
    private final LiveListener listener;
    private final Vertx vertx;
    private final Map<String, Long> expiryTimers = new ConcurrentHashMap<>();

    EventSocket(SocketTokens tokens, LiveHub hub, LiveStore store, LiveListener listener, Vertx vertx) {
        this.tokens = tokens;
        this.hub = hub;
        this.store = store;
        this.listener = listener;
        this.vertx = vertx;
    }

    @OnOpen
    public void open(WebSocketConnection connection) throws SQLException {
        if (!listener.ready()) {
            // Readiness is DOWN too (LiveReadiness); a socket that came anyway would get no live frame.
            connection.close(NOT_READY).await().indefinitely();
            return;
        }
        var handshake = connection.handshakeRequest();
        Optional<SocketTokens.SocketUser> user = tokens.verify(handshake.header("Authorization"),
                handshake.header("Sec-WebSocket-Protocol"));
        if (user.isEmpty()) {
            connection.close(EXPIRED).await().indefinitely();
            return;
        }
        UUID accountId = user.get().accountId();
        Map<String, String> query = query(handshake.query());
        UUID appId = null;
        if (query.containsKey("app")) {
            appId = store.visibleApp(accountId, query.get("app")).orElse(null);
            if (appId == null) {
                connection.close(NO_APP).await().indefinitely();
                return;
            }
        }
        long delay = user.get().expiresAt().toEpochMilli() - Instant.now().toEpochMilli();
        if (delay <= 0) {
            connection.close(EXPIRED).await().indefinitely();
            return;
        }
        expiryTimers.put(connection.id(), vertx.setTimer(delay, t -> {
            hub.remove(connection.id());
            connection.close(EXPIRED).subscribe().with(ok -> { }, e -> { });
        }));
        Long since = since(query.get("since"));
        if (since == null) {
            hub.add(connection, accountId, appId, null);
            return;
        }
        if (store.tooOld(since)) {
            connection.close(GONE).await().indefinitely();
            return;
        }
        LiveHub.Subscriber subscriber = hub.add(connection, accountId, appId, since);
        List<LiveFrame> missed = store.after(since, accountId, appId);
        subscriber.replayed(missed);
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        hub.remove(connection.id());
        Long timer = expiryTimers.remove(connection.id());
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private static Long since(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            LOG.debugf("Ignoring malformed since=%s", value);
            return null;
        }
    }

    static Map<String, String> query(String query) {
        Map<String, String> params = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
