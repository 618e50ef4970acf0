package io.stratus.auth.token;

import io.stratus.auth.AuthConfig;
import io.stratus.auth.client.ServiceClientService;
import io.stratus.auth.secret.Secrets;
import io.stratus.auth.user.User;
import io.stratus.auth.user.UserDisabled;
import io.stratus.auth.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/** The three grants of spec/auth.md. */
@ApplicationScoped
public class TokenService {
    private final UserService users;
    private final ServiceClientService clients;
    private final RefreshTokenRepository refreshTokens;
    private final TokenIssuer issuer;
    private final LoginThrottle throttle;
    private final AuthConfig config;

    TokenService(UserService users, ServiceClientService clients, RefreshTokenRepository refreshTokens,
            TokenIssuer issuer, LoginThrottle throttle, AuthConfig config) {
        this.users = users;
        this.clients = clients;
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.throttle = throttle;
        this.config = config;
    }

    /** Not transactional: the bcrypt check must not hold a database connection. */
    public TokenResponse password(String email, String password, String clientIp) {
        OptionalLong wait = throttle.retryAfter(email, clientIp);
        if (wait.isPresent()) {
            throw new OAuthException(429, "rate_limit", "Too many failed logins. Retry later.",
                    Map.of("Retry-After", Long.toString(wait.getAsLong())));
        }
        Optional<User> user = users.authenticate(email, password);
        if (user.isEmpty()) {
            throttle.failed(email, clientIp);
            // The same answer for an unknown email, a wrong password and a disabled user.
            throw OAuthException.invalidGrant("Invalid email or password.");
        }
        throttle.succeeded(email);
        return issueForUser(user.get(), UUID.randomUUID());
    }

    // The family revocation must commit although the request fails.
    @Transactional(dontRollbackOn = OAuthException.class)
    public TokenResponse refresh(String presented) {
        RefreshToken token = refreshTokens.findByHashForUpdate(Secrets.sha256(presented))
                .orElseThrow(() -> OAuthException.invalidGrant("The refresh token is invalid."));
        Instant now = Instant.now();
        if (token.revokedAt != null) {
            throw OAuthException.invalidGrant("The refresh token has been revoked.");
        }
        if (token.rotatedAt != null) {
            // A rotated token came back: someone holds a copy. Revoke the whole family (RFC 6819 5.2.2.3).
            refreshTokens.revokeFamily(token.familyId, now);
            throw OAuthException.invalidGrant("The refresh token was already used; its session has been revoked.");
        }
        if (token.expiresAt.isBefore(now)) {
            throw OAuthException.invalidGrant("The refresh token has expired.");
        }
        User user = users.findActive(token.userId)
                .orElseThrow(() -> OAuthException.invalidGrant("The refresh token is invalid."));
        token.rotatedAt = now;
        return issueForUser(user, token.familyId);
    }

    /** Revokes the refresh token's whole family (the login it came from); unknown tokens are ignored. */
    @Transactional
    public void revoke(String presented) {
        refreshTokens.findByHashForUpdate(Secrets.sha256(presented))
                .ifPresent(token -> refreshTokens.revokeFamily(token.familyId, Instant.now()));
    }

    public TokenResponse clientCredentials(String clientId, String secret, String requestedScope) {
        Set<String> allowed = clients.authenticate(clientId, secret).orElseThrow(OAuthException::invalidClient);
        Set<String> scopes = allowed;
        if (requestedScope != null && !requestedScope.isBlank()) {
            scopes = new LinkedHashSet<>();
            for (String s : requestedScope.trim().split(" +")) {
                if (!allowed.contains(s)) {
                    throw new OAuthException(400, "invalid_scope", "Scope " + s + " is not allowed for this client.");
                }
                scopes.add(s);
            }
        }
        TokenIssuer.Issued access = issuer.forService(clientId, scopes, issuer.accessTokenExpiry());
        return new TokenResponse(access.token(), "Bearer", config.accessTokenLifetime().toSeconds(), null,
                String.join(" ", scopes));
    }

    void onUserDisabled(@Observes UserDisabled event) {
        refreshTokens.revokeUser(event.userId(), Instant.now());
    }

    @Transactional
    TokenResponse issueForUser(User user, UUID familyId) {
        String refresh = Secrets.generate("srt_");
        RefreshToken row = new RefreshToken();
        row.id = UUID.randomUUID();
        row.tokenHash = Secrets.sha256(refresh);
        row.familyId = familyId;
        row.userId = user.id;
        row.createdAt = Instant.now();
        row.expiresAt = row.createdAt.plus(config.refreshTokenLifetime());
        refreshTokens.persist(row);
        TokenIssuer.Issued access = issuer.forUser(user.id, user.email, user.roleSet(), issuer.accessTokenExpiry());
        return new TokenResponse(access.token(), "Bearer", config.accessTokenLifetime().toSeconds(), refresh,
                TokenIssuer.USER_SCOPE);
    }
}
