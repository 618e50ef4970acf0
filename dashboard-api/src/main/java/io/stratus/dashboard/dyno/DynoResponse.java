package io.stratus.dashboard.dyno;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stratus.dashboard.app.AppRef;
import java.time.Instant;
import java.util.UUID;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DynoResponse(UUID id, String name, String type, String command, String size, String state,
                           ReleaseRef release, AppRef app, String attachUrl, Instant createdAt, Instant updatedAt) {

    public record ReleaseRef(UUID id, int version) {
    }
}
