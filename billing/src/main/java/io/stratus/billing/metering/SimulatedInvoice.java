package io.stratus.billing.metering;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stratus.billing.calculator.CalculatedInvoice;
import io.stratus.billing.invoice.LineResponse;
import java.util.List;

/** One month of a simulation, as issue 8 shapes it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SimulatedInvoice(String period, List<LineResponse> lines, long chargesTotal,
                               List<Credit> creditsApplied, long creditsTotal, long total) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Credit(String creditId, long amount) {
    }

    static SimulatedInvoice of(CalculatedInvoice invoice) {
        return new SimulatedInvoice(invoice.period().toString(),
                invoice.lines().stream().map(LineResponse::of).toList(), invoice.chargesTotal(),
                invoice.creditsApplied().stream().map(c -> new Credit(c.creditId(), c.amountCents())).toList(),
                invoice.creditsTotal(), invoice.total());
    }
}
