package io.stratus.dashboard.live;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN until the live listener's LISTEN connection has been up once: before that, an instance would accept
 * sockets it cannot feed (the likely cause of the frame one client missed in bench/faults' rolling restart), so
 * the balancer should not send it any. {@link EventSocket} closes sockets that still arrive meanwhile with 1013.
 */
@Readiness
@ApplicationScoped
public class LiveReadiness implements HealthCheck {
    private final LiveListener listener;

    LiveReadiness(LiveListener listener) {
        this.listener = listener;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dashboard-live-events").status(listener.ready())
                .withData("listening", listener.listening()).build();
    }
}
