package io.stratus.dashboard.account;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Size;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateAccountRequest(@Size(max = 100) String name, Boolean allowTracking, Boolean beta) {
}
