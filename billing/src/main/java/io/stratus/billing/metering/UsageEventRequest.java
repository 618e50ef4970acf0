package io.stratus.billing.metering;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/**
 * One usage event with an explicit instant (issue 8, "Backfill and simulation"): the same shape for ingestion
 * (which also needs {@code id} and {@code account_id}) and for simulations. Which fields a type needs is checked
 * by {@link UsageEvents#validate}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UsageEventRequest(
        @Size(max = 200) String id,
        UUID accountId,
        @NotBlank @Pattern(regexp = UsageEvents.TYPES, message = "must be one of " + UsageEvents.TYPES_TEXT)
        String type,
        @NotNull Instant at,
        @Size(max = 100) String app,
        @Size(max = 100) String processType,
        @Size(max = 100) String size,
        @Min(0) @Max(10_000) Integer quantity,
        @Size(max = 200) String addonId,
        @Size(max = 200) String plan,
        UUID creditId,
        @Min(1) @Max(10_000_000) Long amountCents,
        Instant expiresAt,
        @Size(max = 200) String title) {
}
