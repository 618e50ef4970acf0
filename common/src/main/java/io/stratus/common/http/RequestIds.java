package io.stratus.common.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request a {@code Request-Id} response header and puts it in the log context
 * (spec/conventions.md). A caller's {@code X-Request-Id} is echoed when it is a sane token; anything else (the
 * Heroku CLI sends an ~8 KB comma list) gets a fresh UUID.
 */
@ApplicationScoped
public class RequestIds {
    public static final String HEADER = "Request-Id";
    public static final String CONTEXT_KEY = "stratus.requestId";
    public static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
    // Runs before body limits and routing, so even refused requests carry their id.
    static final int PRIORITY = 1000;

    void register(@Observes Filters filters) {
        filters.register(this::assign, PRIORITY);
    }

    void assign(RoutingContext rc) {
        String incoming = rc.request().getHeader("X-Request-Id");
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : newId();
        rc.put(CONTEXT_KEY, id);
        rc.response().putHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        rc.next();
    }

    /**
     * A version-4 UUID from {@link ThreadLocalRandom}: a request id must be unique, not unpredictable, and
     * {@code UUID.randomUUID()} takes the lock of one shared {@code SecureRandom} (SHA-1 mixing showed in the
     * ingestion profile) on every request.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The id of the request being served, or {@code null} outside a request. */
    public static String current(RoutingContext rc) {
        return rc == null ? null : rc.get(CONTEXT_KEY);
    }
}
