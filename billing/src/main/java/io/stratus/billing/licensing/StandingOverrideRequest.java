package io.stratus.billing.licensing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An admin's override of an account's standing; {@code reason} is mandatory because it is audited. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StandingOverrideRequest(Boolean verified, @Min(0) @Max(100_000) Integer appLimit,
                                      @NotBlank @Size(max = 500) String reason) {
}
