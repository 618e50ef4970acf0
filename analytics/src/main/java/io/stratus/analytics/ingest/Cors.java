package io.stratus.analytics.ingest;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS of the ingestion routes (spec §3): the caller's origin is echoed, never {@code *}, because the browser
 * client sends credentials.
 */
final class Cors {
    private Cors() {
    }

    static void apply(RoutingContext rc) {
        String origin = rc.request().getHeader("Origin");
        if (origin == null) {
            return;
        }
        rc.response().putHeader("Vary", "Origin")
                .putHeader("Access-Control-Allow-Origin", origin)
                .putHeader("Access-Control-Allow-Credentials", "true")
                .putHeader("Access-Control-Expose-Headers", "Retry-After");
    }

    static void preflight(RoutingContext rc) {
        apply(rc);
        HttpServerResponse response = rc.response();
        String requested = rc.request().getHeader("Access-Control-Request-Headers");
        String allowed = requested == null || requested.isBlank() ? "Content-Type"
                : requested.toLowerCase().contains("content-type") ? requested : requested + ", Content-Type";
        response.putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .putHeader("Access-Control-Allow-Headers", allowed)
                .putHeader("Access-Control-Max-Age", "86400")
                .setStatusCode(204).end();
    }
}
