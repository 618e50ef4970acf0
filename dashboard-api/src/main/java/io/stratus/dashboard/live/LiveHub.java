package io.stratus.dashboard.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.stratus.dashboard.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * This instance's sockets. The listener hands it each committed frame; a socket gets it when its user was in the
 * app's audience at the change (so a {@code destroy} still reaches those who saw the app). Sends never block:
 * each socket counts its unsent frames and is closed with 1013 past the limit, so a slow client cannot stall
 * the others (spec §5).
 */
@ApplicationScoped
public class LiveHub {
    static final CloseReason TOO_SLOW = new CloseReason(1013, "Too far behind; reconnect with ?since=");
    private static final Logger LOG = Logger.getLogger(LiveHub.class);

    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final int bufferFrames;

    LiveHub(DashboardConfig config, MeterRegistry metrics) {
        this.bufferFrames = config.socketBufferFrames();
        metrics.gaugeMapSize("stratus.dashboard.sockets", List.of(), subscribers);
    }

    /** A socket; frames queue while it replays {@code ?since=} and go out live afterwards, each id once. */
    final class Subscriber {
        final WebSocketConnection connection;
        final UUID accountId;
        final UUID appId;
        final AtomicInteger unsent = new AtomicInteger();
        private List<LiveFrame> held = new ArrayList<>();
        private long lastSent;

        Subscriber(WebSocketConnection connection, UUID accountId, UUID appId, Long since) {
            this.connection = connection;
            this.accountId = accountId;
            this.appId = appId;
            if (since == null) {
                held = null;
            } else {
                lastSent = since;
            }
        }

        boolean wants(LiveFrame frame) {
            return frame.audience().contains(accountId) && (appId == null || appId.equals(frame.appId()));
        }

        void offer(LiveFrame frame) {
            synchronized (this) {
                if (held != null) {
                    held.add(frame);
                    return;
                }
            }
            send(frame);
        }

        /** Sends the replayed frames, then the live ones that arrived meanwhile. */
        void replayed(List<LiveFrame> replay) {
            for (LiveFrame frame : replay) {
                send(frame);
            }
            while (true) {
                List<LiveFrame> pending;
                synchronized (this) {
                    pending = held;
                    if (pending.isEmpty()) {
                        held = null;
                        return;
                    }
                    held = new ArrayList<>();
                }
                for (LiveFrame frame : pending) {
                    send(frame);
                }
            }
        }

        /**
         * Ids increase in commit order, so a frame at or below the last one sent is a duplicate: a live frame
         * that the replay already carried, or one the listener hands out again after catching up.
         */
        private synchronized void send(LiveFrame frame) {
            if (frame.id() <= lastSent) {
                return;
            }
            lastSent = frame.id();
            if (unsent.incrementAndGet() > bufferFrames) {
                remove(connection.id());
                connection.close(TOO_SLOW).subscribe().with(ok -> { }, e -> { });
                return;
            }
            connection.sendText(frame.text()).subscribe().with(ok -> unsent.decrementAndGet(), e -> {
                unsent.decrementAndGet();
                LOG.debugf("Live frame %d not sent to %s: %s", frame.id(), connection.id(), e.getMessage());
            });
        }
    }

    /** Adds a socket; with {@code since} (the last id its client saw), live frames wait for {@code replayed}. */
    Subscriber add(WebSocketConnection connection, UUID accountId, UUID appId, Long since) {
        Subscriber subscriber = new Subscriber(connection, accountId, appId, since);
        subscribers.put(connection.id(), subscriber);
        return subscriber;
    }

    void remove(String connectionId) {
        subscribers.remove(connectionId);
    }

    void deliver(LiveFrame frame) {
        for (Subscriber subscriber : subscribers.values()) {
            if (subscriber.wants(frame)) {
                subscriber.offer(frame);
            }
        }
    }

    public int size() {
        return subscribers.size();
    }
}
