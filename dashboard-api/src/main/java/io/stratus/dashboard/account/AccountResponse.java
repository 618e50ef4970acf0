package io.stratus.dashboard.account;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** The Heroku account shape; every key is present, the {@code ?} ones as null (spec §3). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AccountResponse(UUID id, String email, String name, boolean allowTracking, boolean beta,
                              boolean verified, boolean federated, boolean twoFactorAuthentication,
                              Instant lastLogin, Instant suspendedAt, Instant delinquentAt, Object defaultTeam,
                              Object identityProvider, Instant createdAt, Instant updatedAt) {

    public static AccountResponse of(Account a) {
        return new AccountResponse(a.id, a.email, a.name, a.allowTracking, a.beta, true, false, false,
                seconds(a.lastLogin), null, null, null, null, seconds(a.createdAt), seconds(a.updatedAt));
    }

    static Instant seconds(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
    }
}
