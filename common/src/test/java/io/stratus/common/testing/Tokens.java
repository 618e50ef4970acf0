package io.stratus.common.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Real RS256 tokens signed with the test key ({@code stratus-test-keys/private.pem}, kid {@code stratus-test}),
 * shaped like auth's (spec/auth.md), so tests of every module run without a running auth. Modules verify them
 * with {@code mp.jwt.verify.publickey.location=stratus-test-keys/jwks.json}.
 */
public final class Tokens {
    public static final String ISSUER = "https://auth.stratus.test";
    public static final String AUDIENCE = "stratus";
    public static final String KEY_ID = "stratus-test";
    private static final String KEY = "stratus-test-keys/private.pem";

    private Tokens() {
    }

    /** A fresh account id with its email, for tests that need a new user. */
    public record TestAccount(UUID id, String email) {
        public static TestAccount create() {
            UUID id = UUID.randomUUID();
            return new TestAccount(id, "user-" + id + "@example.test");
        }
    }

    public static String forAccount(TestAccount account) {
        return user(account.id(), account.email(), Set.of("user"));
    }

    public static String forAdmin(TestAccount account) {
        return user(account.id(), account.email(), Set.of("user", "admin"));
    }

    public static String user(UUID accountId, String email, Set<String> roles) {
        return base(accountId.toString())
                .upn(email).claim("email", email).groups(roles).claim("scope", "global")
                .jws().keyId(KEY_ID).sign(KEY);
    }

    public static String service(String clientId, String... scopes) {
        return base(clientId).groups(Set.of("service")).claim("scope", String.join(" ", scopes))
                .jws().keyId(KEY_ID).sign(KEY);
    }

    /** Claims as auth sets them, valid for ten minutes from now; tests may change any of them. */
    public static JwtClaimsBuilder base(String subject) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issuedAt(now).expiresAt(now.plus(Duration.ofMinutes(10)))
                .claim("jti", UUID.randomUUID().toString());
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(KEY_ID).sign(KEY);
    }
}
