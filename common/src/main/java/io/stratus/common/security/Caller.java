package io.stratus.common.security;

import io.stratus.common.error.ApiException;
import io.stratus.common.error.ErrorIds;
import jakarta.enterprise.context.RequestScoped;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read from the verified bearer JWT that auth issued (spec/auth.md claims): a user (subject is
 * the account id, a UUID) or a service client (group {@code service}, subject is the client id).
 */
@RequestScoped
public class Caller {
    public static final String ROLE_ADMIN = "admin";
    public static final String GROUP_SERVICE = "service";

    private final JsonWebToken jwt;

    Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public boolean isAuthenticated() {
        return jwt != null && jwt.getRawToken() != null;
    }

    public String subject() {
        requireAuthenticated();
        return jwt.getSubject();
    }

    public boolean isService() {
        return isAuthenticated() && jwt.getGroups().contains(GROUP_SERVICE);
    }

    public boolean isAdmin() {
        return isAuthenticated() && !isService() && jwt.getGroups().contains(ROLE_ADMIN);
    }

    public Set<String> scopes() {
        requireAuthenticated();
        Object scope = jwt.getClaim("scope");
        if (scope == null) {
            return Set.of();
        }
        return Arrays.stream(scope.toString().split(" ")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
    }

    public boolean hasScope(String scope) {
        return scopes().contains(scope);
    }

    /** The user's account id; service tokens have none and get 403 (spec/platform-api.md §2). */
    public UUID accountId() {
        requireAuthenticated();
        if (isService()) {
            throw new ApiException(403, ErrorIds.FORBIDDEN, "Service tokens cannot act on user resources.");
        }
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw unauthorized();
        }
    }

    public Optional<String> email() {
        requireAuthenticated();
        String email = jwt.getClaim("email");
        return Optional.ofNullable(email != null ? email : jwt.getClaim("upn"));
    }

    /** Requires a service token carrying the scope; anything else is 403. */
    public void requireServiceScope(String scope) {
        if (!isService() || !hasScope(scope)) {
            throw new ApiException(403, ErrorIds.FORBIDDEN, "This endpoint needs a service token with scope " + scope + ".");
        }
    }

    private void requireAuthenticated() {
        if (!isAuthenticated()) {
            throw unauthorized();
        }
    }

    private static ApiException unauthorized() {
        return new ApiException(401, ErrorIds.UNAUTHORIZED, "Invalid credentials provided.",
                Map.of("WWW-Authenticate", "Bearer"));
    }
}
