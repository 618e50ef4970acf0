package io.stratus.common.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Comparator;
import java.util.List;

/**
 * Refuses a body over its path's limit with 413 and the JSON error body before anything reads it
 * (spec/conventions.md). Declared lengths are checked here; a chunked body that grows past the server-wide
 * {@code quarkus.http.limits.max-body-size} is cut by Vert.x.
 */
@ApplicationScoped
public class BodyLimits {
    private final long defaultLimit;
    private final List<BodyLimit> limits;

    BodyLimits(HttpConfig config, Instance<BodyLimit> limits) {
        this.defaultLimit = config.maxBodySize().asLongValue();
        // Longest prefix first, so the most specific limit wins.
        this.limits = limits.stream()
                .sorted(Comparator.comparingInt((BodyLimit l) -> l.pathPrefix().length()).reversed())
                .toList();
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, RequestIds.PRIORITY - 10);
    }

    long limitFor(String path) {
        for (BodyLimit limit : limits) {
            if (path.startsWith(limit.pathPrefix())) {
                return limit.maxBytes();
            }
        }
        return defaultLimit;
    }

    void check(RoutingContext rc) {
        String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                JsonErrors.send(rc, 400, "Content-Length is not a number.");
                return;
            }
            long limit = limitFor(rc.normalizedPath());
            if (length > limit) {
                JsonErrors.send(rc, 413, "The request body is larger than the limit of " + limit + " bytes.");
                return;
            }
        }
        rc.next();
    }
}
