package io.stratus.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the token service; every key also works as an environment variable (README, auth/README.md). */
@ConfigMapping(prefix = "stratus.auth")
public interface AuthConfig {
    /** The {@code iss} of every token; app's {@code mp.jwt.verify.issuer} must say the same. */
    @WithDefault("http://127.0.0.1:8081")
    String issuer();

    @WithDefault("stratus")
    String audience();

    /** Base64 of 32 random bytes that encrypt the private signing keys; absent: a development key is made. */
    Optional<String> masterKey();

    @WithDefault("PT10M")
    Duration accessTokenLifetime();

    @WithDefault("P30D")
    Duration refreshTokenLifetime();

    /** Lifetime of an API key created without {@code expires_in}: JWTs need an {@code exp}. */
    @WithDefault("P1825D")
    Duration apiKeyDefaultLifetime();

    /** bcrypt cost; 10 is the floor the spec allows (bench/auth measures what it costs). */
    @WithDefault("10")
    int bcryptCost();

    Admin admin();

    Demo demo();

    Throttle throttle();

    /** The administrator created at first start when absent. */
    interface Admin {
        Optional<String> email();

        Optional<String> password();
    }

    /** A demo user and service client for the embedded run. */
    interface Demo {
        @WithDefault("false")
        boolean enabled();

        @WithDefault("demo@stratus.local")
        String email();

        @WithDefault("stratus-demo-password")
        String password();

        @WithDefault("demo-service")
        String clientId();

        @WithDefault("demo-service-secret-change-me")
        String clientSecret();
    }

    /** Failed-login throttling, per instance (auth/README.md explains why that suffices). */
    interface Throttle {
        @WithDefault("5")
        int maxFailuresPerAccount();

        @WithDefault("20")
        int maxFailuresPerIp();

        @WithDefault("PT5M")
        Duration window();

        @WithDefault("10000")
        int maxTrackedKeys();
    }
}
