package io.stratus.auth.user;

import java.util.UUID;

/** A user was disabled: their API keys and refresh tokens must stop working. */
public record UserDisabled(UUID userId) {
}
