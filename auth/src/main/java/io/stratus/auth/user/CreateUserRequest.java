package io.stratus.auth.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record CreateUserRequest(@NotBlank @Email @Size(max = 254) String email, @NotBlank String password,
        @Size(max = 200) String name) {
}
