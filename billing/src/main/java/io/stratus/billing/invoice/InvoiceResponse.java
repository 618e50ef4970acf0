package io.stratus.billing.invoice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An invoice as Heroku shows it, money in integer cents, plus our {@code lines} (only on the single view). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvoiceResponse(UUID id, long number, String period, Instant periodStart, Instant periodEnd,
                              long chargesTotal, long creditsTotal, long total, String currency, String state,
                              Instant createdAt, Instant updatedAt, List<LineResponse> lines) {
    InvoiceResponse withLines(List<LineResponse> withLines) {
        return new InvoiceResponse(id, number, period, periodStart, periodEnd, chargesTotal, creditsTotal, total,
                currency, state, createdAt, updatedAt, withLines);
    }
}
