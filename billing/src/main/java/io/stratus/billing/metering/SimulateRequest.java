package io.stratus.billing.metering;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

public record SimulateRequest(@NotNull @Size(min = 1, max = 10_000) List<@Valid @NotNull UsageEventRequest> events,
                              @NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must be YYYY-MM")
                              String period) {
}
