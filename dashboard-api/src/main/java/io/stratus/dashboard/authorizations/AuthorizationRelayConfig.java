package io.stratus.dashboard.authorizations;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where app relays the Heroku CLI's {@code /oauth/authorizations} calls. */
@ConfigMapping(prefix = "stratus.dashboard")
public interface AuthorizationRelayConfig {
    /** auth's base URL. */
    @WithDefault("http://127.0.0.1:8081")
    String authUrl();

    @WithDefault("PT10S")
    Duration authTimeout();
}
