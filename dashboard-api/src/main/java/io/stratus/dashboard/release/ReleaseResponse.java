package io.stratus.dashboard.release;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stratus.dashboard.app.App;
import io.stratus.dashboard.app.AppRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReleaseResponse(UUID id, int version, String description, String status, boolean current,
                              boolean eligibleForRollback, UserRef user, AppRef app, Object slug,
                              List<String> addonPlanNames, List<Object> artifacts, String outputStreamUrl,
                              Instant createdAt, Instant updatedAt) {

    public record UserRef(UUID id, String email) {
    }

    public static ReleaseResponse of(Release r, App app, int currentVersion) {
        Instant at = r.createdAt.truncatedTo(ChronoUnit.SECONDS);
        // All releases stay eligible, current included: the CLI rolls back to the 2nd eligible one (spec §4).
        return new ReleaseResponse(r.id, r.version, r.description, "succeeded", r.version == currentVersion, true,
                new UserRef(r.userId, r.userEmail), AppRef.of(app), null, List.of(), List.of(), null, at, at);
    }
}
