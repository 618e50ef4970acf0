package io.stratus.dashboard.collaborator;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code user}: an email or an account id. */
public record AddCollaboratorRequest(@NotBlank @Size(max = 254) String user) {
}
