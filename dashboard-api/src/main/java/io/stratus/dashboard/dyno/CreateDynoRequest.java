package io.stratus.dashboard.dyno;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record CreateDynoRequest(@NotBlank @Size(max = 4096) String command, @Size(max = 64) String size,
                                @Size(max = 64) String type) {
}
