package io.stratus.dashboard.formation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

public record BatchFormationRequest(
        @NotNull @Size(min = 1, max = 100) List<@Valid @NotNull UpdateFormationRequest> updates) {
}
