package io.stratus.billing.payment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PaymentMethodResponse(UUID id, String brand, String last4, int expMonth, int expYear,
                                    boolean verified, Instant createdAt) {
}
