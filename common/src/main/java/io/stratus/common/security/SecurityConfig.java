package io.stratus.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How a deployable learns about revoked tokens (auth/README.md, "Revocation"). */
@ConfigMapping(prefix = "stratus.security")
public interface SecurityConfig {
    /** auth's revocation feed, e.g. {@code http://127.0.0.1:8081/oauth/revocations}; unset: no polling. */
    Optional<String> revocationsUrl();

    /** 2 s keeps a deleted API key usable for at most ~2 s plus one request time (the spec allows 5 s). */
    @WithDefault("PT2S")
    Duration revocationsPollInterval();
}
