package io.stratus.auth.authorization;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Heroku's authorization shape (the CLI reads these keys); {@code access_token.token} is present only in the answer
 * to create, since only the hash is kept.
 */
public record AuthorizationResponse(UUID id, String description, AccessToken accessToken, Object client,
        Object grant, Object refreshToken, Object session, List<String> scope, UserRef user, Instant createdAt,
        Instant updatedAt) {

    public record AccessToken(UUID id, String token, Long expiresIn) {
    }

    public record UserRef(UUID id, String email) {
    }

    static AuthorizationResponse of(Authorization a, String email, String token) {
        long expiresIn = Math.max(0, a.expiresAt.getEpochSecond() - Instant.now().getEpochSecond());
        return new AuthorizationResponse(a.id, a.description, new AccessToken(a.id, token, expiresIn), null, null,
                null, null, List.of("global"), new UserRef(a.userId, email), a.createdAt, a.updatedAt);
    }
}
