package io.stratus.dashboard.app;

import jakarta.validation.constraints.Size;

public record CreateAppRequest(@Size(max = 64) String name, @Size(max = 64) String region,
                               @Size(max = 64) String stack) {
}
