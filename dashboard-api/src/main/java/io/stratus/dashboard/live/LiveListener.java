package io.stratus.dashboard.live;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stratus.dashboard.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One dedicated {@code LISTEN} connection per instance, on its own thread: PostgreSQL hands it every committed
 * event of every instance, in commit order (which is id order), and it fans them out to this instance's sockets.
 * After a lost connection it reconnects with backoff and first replays from the outbox what it missed.
 */
@ApplicationScoped
public class LiveListener {
    private static final Logger LOG = Logger.getLogger(LiveListener.class);
    static final Duration PURGE_EVERY = Duration.ofMinutes(5);

    private final AgroalDataSource dataSource;
    private final LiveStore store;
    private final LiveHub hub;
    private final DashboardConfig config;
    private volatile boolean running;
    private volatile boolean listening;
    private volatile boolean listenedOnce;
    private Thread thread;
    private volatile long lastId = -1;

    LiveListener(AgroalDataSource dataSource, LiveStore store, LiveHub hub, DashboardConfig config) {
        this.dataSource = dataSource;
        this.store = store;
        this.hub = hub;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (!config.listen()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "stratus-live-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                // Let the loop hand its connection back before the pool closes underneath it.
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the LISTEN connection is up (tests wait for it before changing anything). */
    public boolean listening() {
        return listening;
    }

    /** The id of the newest event handed to this instance's sockets. */
    long lastDeliveredId() {
        return lastId;
    }

    /**
     * Whether this instance can deliver live events: its LISTEN connection was up at least once (or it does not
     * listen at all). After a later loss the listener catches up from the outbox, so only the first start counts.
     */
    public boolean ready() {
        return listenedOnce || !config.listen();
    }

    private void run() {
        long backoffMs = 100;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + LiveEvents.CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                if (lastId < 0) {
                    lastId = currentMaxId(connection);
                } else {
                    catchUp(connection);
                }
                listening = true;
                listenedOnce = true;
                backoffMs = 100;
                long nextPurge = System.nanoTime();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            LiveFrame frame = store.parseNotification(connection, n.getParameter());
                            deliver(frame);
                        }
                    }
                    if (System.nanoTime() - nextPurge > 0) {
                        store.purgeOlderThan(connection, config.eventRetention());
                        nextPurge = System.nanoTime() + PURGE_EVERY.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                LOG.warnf("Live event listener lost its connection (%s); retrying in %d ms", e.getMessage(),
                        backoffMs);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
        listening = false;
    }

    private void catchUp(Connection connection) throws SQLException {
        List<LiveFrame> missed;
        do {
            missed = store.after(connection, lastId, null, null);
            for (LiveFrame frame : missed) {
                deliver(frame);
            }
        } while (missed.size() == LiveStore.PAGE);
    }

    /**
     * Ids follow commit order, so anything at or below the last delivered id was already handed out: the
     * notifications of commits made between LISTEN and a catch-up's (or the first start's) read of the outbox.
     */
    private void deliver(LiveFrame frame) {
        if (frame == null || frame.id() <= lastId) {
            return;
        }
        lastId = frame.id();
        hub.deliver(frame);
    }

    private static long currentMaxId(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             var rs = s.executeQuery("select coalesce(max(id), 0) from dashboard.events")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
