package io.stratus.auth.authorization;

import io.stratus.auth.AuthConfig;
import io.stratus.auth.secret.Secrets;
import io.stratus.auth.token.TokenIssuer;
import io.stratus.auth.user.User;
import io.stratus.auth.user.UserDisabled;
import io.stratus.auth.user.UserService;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * API keys: JWTs signed like access tokens but long-lived, so app verifies them locally. Deleting one appends its
 * jti to the revocation feed that every app instance polls (auth/README.md).
 */
@ApplicationScoped
public class AuthorizationService {
    private final AuthorizationRepository authorizations;
    private final RevocationRepository revocations;
    private final RevokedTokens revokedTokens;
    private final UserService users;
    private final TokenIssuer issuer;
    private final AuthConfig config;

    AuthorizationService(AuthorizationRepository authorizations, RevocationRepository revocations,
            RevokedTokens revokedTokens, UserService users, TokenIssuer issuer, AuthConfig config) {
        this.authorizations = authorizations;
        this.revocations = revocations;
        this.revokedTokens = revokedTokens;
        this.users = users;
        this.issuer = issuer;
        this.config = config;
    }

    @Transactional
    public AuthorizationResponse create(UUID userId, CreateAuthorizationRequest request) {
        if (request.scope() != null && !request.scope().stream().allMatch("global"::equals)) {
            throw ApiException.invalid("scope: only global is supported.");
        }
        User user = users.findActive(userId).orElseThrow(() -> new ApiException(401, "unauthorized",
                "Invalid credentials provided."));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = request.expiresIn() != null ? now.plusSeconds(request.expiresIn())
                : now.plus(config.apiKeyDefaultLifetime());
        TokenIssuer.Issued key = issuer.forUser(user.id, user.email, user.roleSet(), expiresAt);
        Authorization a = new Authorization();
        a.id = UUID.randomUUID();
        a.userId = user.id;
        a.description = request.description() == null ? "" : request.description();
        a.tokenHash = Secrets.sha256(key.token());
        a.jti = key.jti();
        a.kid = key.kid();
        a.expiresAt = expiresAt;
        a.createdAt = now;
        a.updatedAt = now;
        authorizations.persist(a);
        return AuthorizationResponse.of(a, user.email, key.token());
    }

    @Transactional
    public List<AuthorizationResponse> list(UUID userId, String email) {
        return authorizations.ofUser(userId).stream().map(a -> AuthorizationResponse.of(a, email, null)).toList();
    }

    @Transactional
    public AuthorizationResponse get(UUID userId, String email, UUID id) {
        return AuthorizationResponse.of(find(userId, id), email, null);
    }

    @Transactional
    public AuthorizationResponse delete(UUID userId, String email, UUID id) {
        Authorization a = find(userId, id);
        revoke(a);
        return AuthorizationResponse.of(a, email, null);
    }

    void onUserDisabled(@Observes UserDisabled event) {
        authorizations.ofUser(event.userId()).forEach(this::revoke);
    }

    private void revoke(Authorization a) {
        Revocation r = new Revocation();
        r.jti = a.jti;
        r.expiresAt = a.expiresAt;
        r.revokedAt = Instant.now();
        revocations.persist(r);
        authorizations.delete(a);
        revokedTokens.add(a.jti, a.expiresAt);
    }

    private Authorization find(UUID userId, UUID id) {
        return authorizations.ofUser(userId, id)
                .orElseThrow(() -> ApiException.notFound("Couldn't find that authorization."));
    }
}
