package io.stratus.common.http;

import io.stratus.common.error.ErrorIds;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** A path no handler claims answers the JSON 404 (the Heroku CLI crashes on anything else). */
@ApplicationScoped
public class NotFoundFallback {

    void register(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE)
                .handler(rc -> JsonErrors.send(rc, 404, ErrorIds.defaultMessage(404)));
    }
}
