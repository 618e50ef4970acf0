package io.stratus.auth.client;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

public record CreateServiceClientRequest(
        @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9._-]{1,62}", message = "must be 2-63 lowercase letters, digits, . _ -")
        String clientId,
        @Size(max = 200) String name,
        @NotNull @Size(max = 50) Set<@Pattern(regexp = "[a-z][a-z0-9_-]*(:[a-z][a-z0-9_-]*)?",
                message = "must look like billing:write") String> scopes) {
}
