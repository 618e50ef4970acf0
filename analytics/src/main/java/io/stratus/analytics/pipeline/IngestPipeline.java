package io.stratus.analytics.pipeline;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stratus.analytics.AnalyticsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Starts the writer with the application and drains it on SIGTERM: readiness goes DOWN and new ingestion gets
 * 503 first, then the queue reaches the database within {@code drain-timeout} (spec §4.3).
 */
@ApplicationScoped
@Readiness
public class IngestPipeline implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(IngestPipeline.class);

    private final AnalyticsConfig config;
    private final EventQueue queue;
    private final List<EventWriter> writers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    IngestPipeline(AnalyticsConfig config, AgroalDataSource dataSource, EventQueue queue, IngestMetrics metrics) {
        this.config = config;
        this.queue = queue;
        CountDownLatch started = new CountDownLatch(1);
        EventWriter.ProfileTurns profileTurns = new EventWriter.ProfileTurns();
        for (int i = 0; i < Math.max(1, config.writerThreads()); i++) {
            writers.add(new EventWriter(config, dataSource, queue, metrics, i, started, profileTurns));
        }
    }

    void onStart(@Observes StartupEvent event) {
        for (int i = 0; i < writers.size(); i++) {
            Thread thread = new Thread(writers.get(i), "analytics-writer-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    /** Runs partition maintenance (creation ahead, retention) now rather than at the next hourly round. */
    void maintainPartitions() throws SQLException {
        writers.get(0).maintainPartitions();
    }

    void onStop(@Observes ShutdownEvent event) {
        queue.close();
        long started = System.nanoTime();
        long deadline = started + config.drainTimeout().toNanos();
        for (EventWriter writer : writers) {
            writer.stop(deadline);
        }
        LOG.infof("Draining %d queued analytics events", queue.size());
        try {
            // A little past the deadline: the writers count what is left as dropped before they end.
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 5_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writers.get(0).finish();
        LOG.infof("Analytics writer stopped after %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("analytics-ingestion").status(!queue.isClosed())
                .withData("queued", queue.size()).build();
    }
}
