package io.stratus.common.http;

import io.stratus.common.error.ErrorIds;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes the standard error body from Vert.x handlers that run outside Quarkus REST. */
public final class JsonErrors {
    private JsonErrors() {
    }

    public static void send(RoutingContext rc, int status, String message) {
        if (rc.response().ended()) {
            return;
        }
        String body = new JsonObject().put("id", ErrorIds.forStatus(status)).put("message", message).encode();
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, status == 413 ? "close" : "keep-alive")
                .end(body);
    }
}
