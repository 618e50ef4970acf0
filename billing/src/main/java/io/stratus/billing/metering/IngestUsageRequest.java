package io.stratus.billing.metering;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

public record IngestUsageRequest(@NotNull @Size(min = 1, max = 1000) List<@Valid @NotNull UsageEventRequest> events) {
}
