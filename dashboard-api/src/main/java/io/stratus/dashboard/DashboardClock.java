package io.stratus.dashboard;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The clock formation and app changes are stamped with. A default bean: where another module (billing) or a test
 * produces a {@link Clock}, everyone reads that one, so usage events and invoices see the same time.
 */
@ApplicationScoped
class DashboardClock {
    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
