package io.stratus.analytics.pipeline;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stratus.analytics.AnalyticsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
    private final EventWriter writer;
    private Thread thread;

    IngestPipeline(AnalyticsConfig config, AgroalDataSource dataSource, EventQueue queue, IngestMetrics metrics) {
        this.config = config;
        this.queue = queue;
        this.writer = new EventWriter(config, dataSource, queue, metrics);
    }

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(writer, "analytics-writer");
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        queue.close();
        long started = System.nanoTime();
        writer.stop(started + config.drainTimeout().toNanos());
        LOG.infof("Draining %d queued analytics events", queue.size());
        try {
            // A little past the deadline: the writer counts what is left as dropped before it ends.
            thread.join(TimeUnit.NANOSECONDS.toMillis(config.drainTimeout().toNanos()) + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.infof("Analytics writer stopped after %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("analytics-ingestion").status(!queue.isClosed())
                .withData("queued", queue.size()).build();
    }
}
