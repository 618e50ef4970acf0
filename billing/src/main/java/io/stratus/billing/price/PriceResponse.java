package io.stratus.billing.price;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PriceResponse(String kind, String name, long monthlyCents, Instant updatedAt) {
}
