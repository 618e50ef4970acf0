package io.stratus.dashboard.formation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stratus.dashboard.app.App;
import io.stratus.dashboard.app.AppRef;
import io.stratus.dashboard.catalog.Catalog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FormationResponse(UUID id, AppRef app, String type, String command, int quantity, String size,
                                Catalog.Ref dynoSize, Instant createdAt, Instant updatedAt) {

    public static FormationResponse of(Formation f, App app) {
        return new FormationResponse(f.id, AppRef.of(app), f.type, f.command, f.quantity, f.size,
                Catalog.ref("size", f.size), f.createdAt.truncatedTo(ChronoUnit.SECONDS),
                f.updatedAt.truncatedTo(ChronoUnit.SECONDS));
    }
}
