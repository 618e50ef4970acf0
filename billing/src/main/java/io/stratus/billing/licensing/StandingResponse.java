package io.stratus.billing.licensing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stratus.dashboard.api.Entitlements.Standing;
import java.time.Instant;

/** An account's standing on the wire (the fields dashboard-api adds to {@code GET /account}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StandingResponse(boolean verified, Instant delinquentAt, Instant suspendedAt, int appLimit) {
    static StandingResponse of(Standing standing) {
        return new StandingResponse(standing.verified(), standing.delinquentAt(), standing.suspendedAt(),
                standing.appLimit());
    }
}
