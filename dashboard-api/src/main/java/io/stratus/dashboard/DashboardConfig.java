package io.stratus.dashboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Knobs of the dashboard API; every key also works as an environment variable ({@code STRATUS_DASHBOARD_...}). */
@ConfigMapping(prefix = "stratus.dashboard")
public interface DashboardConfig {
    /** Apps answer at {@code https://<name>.<apps-domain>/}. */
    @WithDefault("stratusapp.localhost")
    String appsDomain();

    /** Git remotes read {@code https://<git-host>/<name>.git}. */
    @WithDefault("git.stratus.localhost")
    String gitHost();

    /** Largest config map per app, keys plus values in UTF-8 bytes (spec §3: 32 KiB). */
    @WithDefault("32768")
    int maxConfigBytes();

    /** Most config vars per app. */
    @WithDefault("500")
    int maxConfigVars();

    /** How long live events stay resumable with {@code ?since=} (spec §5: at least an hour). */
    @WithDefault("PT2H")
    Duration eventRetention();

    /** Frames a socket may have unsent before it is closed with 1013 (spec §5). */
    @WithDefault("1024")
    int socketBufferFrames();

    /** Whether this instance LISTENs for live events (off in tools that only write). */
    @WithDefault("true")
    boolean listen();
}
