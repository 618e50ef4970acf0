package io.stratus.dashboard.app;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Size;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateAppRequest(@Size(max = 64) String name, Boolean maintenance, @Size(max = 64) String buildStack) {
}
