package io.stratus.billing.credit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** A credit as Heroku shows it ({@code amount}, {@code balance} in cents), plus when it was granted. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreditResponse(UUID id, @JsonIgnore UUID accountId, long amount, long balance, String title,
                             Instant grantedAt, Instant expiresAt, Instant createdAt) {
    public Instant getUpdatedAt() {
        return createdAt;
    }
}
