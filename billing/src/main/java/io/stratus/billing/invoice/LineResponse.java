package io.stratus.billing.invoice;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stratus.billing.calculator.InvoiceLine;

/** One invoice line on the wire. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LineResponse(String type, String app, String processType, String size, String addonId, String plan,
                           long seconds, long amountCents) {
    public static LineResponse of(InvoiceLine line) {
        return new LineResponse(line.type(), line.app(), line.processType(), line.size(), line.addonId(),
                line.plan(), line.seconds(), line.amountCents());
    }
}
