package io.stratus.dashboard.release;

import jakarta.validation.constraints.NotBlank;

/** {@code release} is an id or a version; JSON numbers bind as their text. */
public record RollbackRequest(@NotBlank String release) {
}
