package io.stratus.billing.payment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.UUID;

/** The account holder pays one of its invoices, with a card of its own (none: the card charges default to). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PayInvoiceRequest(UUID paymentMethodId) {
}
