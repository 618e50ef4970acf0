package io.stratus.dashboard.account;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stratus.dashboard.api.Entitlements.Standing;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The Heroku account shape; every key is present, the {@code ?} ones as null (spec §3). {@code verified},
 * {@code delinquent_at} and {@code suspended_at} come from the account's standing (issue 12), as does our extra
 * {@code app_limit}; without licensing the account is verified and {@code app_limit} is null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AccountResponse(UUID id, String email, String name, boolean allowTracking, boolean beta,
                              boolean verified, boolean federated, boolean twoFactorAuthentication,
                              Instant lastLogin, Instant suspendedAt, Instant delinquentAt, Object defaultTeam,
                              Object identityProvider, Instant createdAt, Instant updatedAt, Integer appLimit) {

    public static AccountResponse of(Account a, Optional<Standing> standing) {
        return new AccountResponse(a.id, a.email, a.name, a.allowTracking, a.beta,
                standing.map(Standing::verified).orElse(true), false, false, seconds(a.lastLogin),
                standing.map(Standing::suspendedAt).orElse(null), standing.map(Standing::delinquentAt).orElse(null),
                null, null, seconds(a.createdAt), seconds(a.updatedAt), standing.map(Standing::appLimit).orElse(null));
    }

    static Instant seconds(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
    }
}
