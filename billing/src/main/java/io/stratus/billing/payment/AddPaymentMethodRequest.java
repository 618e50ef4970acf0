package io.stratus.billing.payment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A card to tokenize. Its number is handed to the gateway and dropped; {@link #toString} never shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AddPaymentMethodRequest(
        @NotNull @Pattern(regexp = "[0-9 ]{12,23}", message = "must be 12 to 19 digits") String number,
        @NotNull @Min(1) @Max(12) Integer expMonth,
        @NotNull @Min(2000) @Max(2100) Integer expYear,
        @Pattern(regexp = "\\d{3,4}", message = "must be 3 or 4 digits") String cvc) {

    @Override
    public String toString() {
        return "AddPaymentMethodRequest[number=****, expMonth=" + expMonth + ", expYear=" + expYear + "]";
    }
}
