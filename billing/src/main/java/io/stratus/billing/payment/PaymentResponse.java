package io.stratus.billing.payment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** A payment: {@code pending -> succeeded | failed}, or {@code unknown} after a gateway timeout (rule 11). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PaymentResponse(UUID id, UUID accountId, UUID invoiceId, UUID paymentMethodId, long amountCents,
                              String currency, String state, String failureCode, long refundedCents,
                              Instant createdAt, Instant updatedAt) {
}
