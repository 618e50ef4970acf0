package io.stratus.billing.payment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** A charge of an account's card, for one of its invoices (whose total it must equal) or a one-off amount. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChargeRequest(@NotNull UUID accountId, UUID invoiceId, @NotNull @Min(1) Long amountCents,
                            @NotBlank String currency, UUID paymentMethodId) {
}
