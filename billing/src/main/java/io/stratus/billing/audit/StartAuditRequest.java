package io.stratus.billing.audit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;

/** A month to audit, optionally only the accounts {@code account_from..account_to} (inclusive). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StartAuditRequest(@NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must be YYYY-MM")
                                String period, UUID accountFrom, UUID accountTo) {
}
