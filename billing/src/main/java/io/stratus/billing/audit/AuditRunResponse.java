package io.stratus.billing.audit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An audit run's status: its checkpoint, progress ({@code rows_per_second} and {@code eta_seconds} while it runs in
 * this process; {@code rows_total} is the planner's estimate until the run completes) and discrepancies per kind.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditRunResponse(UUID id, String period, String state, UUID accountFrom, UUID accountTo,
                               long accountsDone, long rowsDone, Long rowsTotal, Double rowsPerSecond,
                               Long etaSeconds, long discrepancies, Map<String, Long> counts, String error,
                               Instant startedAt, Instant updatedAt, Instant finishedAt) {
}
