package io.stratus.auth.user;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

public record UserResponse(UUID id, String email, String name, Set<String> roles, boolean disabled,
        Instant createdAt, Instant updatedAt) {

    static UserResponse of(User user) {
        return new UserResponse(user.id, user.email, user.name, user.roleSet(), user.disabled, user.createdAt,
                user.updatedAt);
    }
}
