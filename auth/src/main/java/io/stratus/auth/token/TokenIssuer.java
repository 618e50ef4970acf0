package io.stratus.auth.token;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.stratus.auth.AuthConfig;
import io.stratus.auth.key.KeyRing;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

/** Builds and signs every JWT auth issues (claims per spec/auth.md "Tokens"). */
@ApplicationScoped
public class TokenIssuer {
    public static final String USER_SCOPE = "global";
    public static final String GROUP_SERVICE = "service";

    /** A signed token with the ids a caller may need to store. */
    public record Issued(String token, String jti, String kid, Instant expiresAt) {
    }

    private final KeyRing keyRing;
    private final AuthConfig config;

    TokenIssuer(KeyRing keyRing, AuthConfig config) {
        this.keyRing = keyRing;
        this.config = config;
    }

    public Issued forUser(UUID userId, String email, Set<String> roles, Instant expiresAt) {
        return sign(base(userId.toString(), expiresAt).upn(email).claim("email", email).groups(roles)
                .claim("scope", USER_SCOPE), expiresAt);
    }

    public Issued forService(String clientId, Set<String> scopes, Instant expiresAt) {
        return sign(base(clientId, expiresAt).groups(Set.of(GROUP_SERVICE)).claim("scope", String.join(" ", scopes)),
                expiresAt);
    }

    public Instant accessTokenExpiry() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(config.accessTokenLifetime());
    }

    private JwtClaimsBuilder base(String subject, Instant expiresAt) {
        Instant now = Instant.now();
        return Jwt.issuer(config.issuer()).audience(config.audience()).subject(subject)
                .issuedAt(now).expiresAt(expiresAt);
    }

    private Issued sign(JwtClaimsBuilder claims, Instant expiresAt) {
        KeyRing.ActiveKey key = keyRing.active();
        String jti = UUID.randomUUID().toString();
        String token = claims.claim("jti", jti).jws().keyId(key.kid()).algorithm(SignatureAlgorithm.RS256)
                .sign(key.privateKey());
        return new Issued(token, jti, key.kid(), expiresAt);
    }
}
