package io.stratus.dashboard.app;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stratus.dashboard.DashboardConfig;
import io.stratus.dashboard.catalog.Catalog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Heroku's app shape: the CLI breaks without owner, region, stack, build_stack, web_url or the *_size keys. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AppResponse(UUID id, String name, Owner owner, Catalog.Ref region, Catalog.Ref stack,
                          Catalog.Ref buildStack, Catalog.Ref generation, String webUrl, String gitUrl,
                          boolean maintenance, boolean acm, boolean internalRouting, Long repoSize, Long slugSize,
                          Object space, Object team, Object organization, Instant archivedAt, Instant releasedAt,
                          Instant createdAt, Instant updatedAt) {

    public record Owner(UUID id, String email) {
    }

    public static AppResponse of(App app, String ownerEmail, DashboardConfig config) {
        return new AppResponse(app.id, app.name, new Owner(app.ownerId, ownerEmail), Catalog.ref("region", app.region),
                Catalog.ref("stack", app.stack), Catalog.ref("stack", app.buildStack),
                Catalog.ref("generation", "cedar"),
                "https://" + app.name + "." + config.appsDomain() + "/",
                "https://" + config.gitHost() + "/" + app.name + ".git", app.maintenance, false, false, null, null,
                null, null, null, null, seconds(app.releasedAt), seconds(app.createdAt), seconds(app.updatedAt));
    }

    static Instant seconds(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
    }
}
