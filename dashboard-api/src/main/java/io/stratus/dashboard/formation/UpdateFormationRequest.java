package io.stratus.dashboard.formation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/**
 * One process type's change. {@code quantity} binds as text: the CLI sends {@code "2"}, {@code "+1"} or a number,
 * and Jackson would turn {@code "+1"} into {@code 1} for an Integer (spec §3).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateFormationRequest(@Size(max = 64) String type, @Size(max = 32) String quantity,
                                     @Size(max = 64) String size, @Valid DynoSizeRef dynoSize) {

    public record DynoSizeRef(@Size(max = 64) String id, @Size(max = 64) String name) {
    }
}
