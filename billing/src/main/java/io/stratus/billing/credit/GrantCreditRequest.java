package io.stratus.billing.credit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GrantCreditRequest(@NotNull UUID accountId, @NotNull @Min(1) @Max(10_000_000) Long amountCents,
                                 Instant expiresAt, @NotBlank @Size(max = 200) String title) {
}
