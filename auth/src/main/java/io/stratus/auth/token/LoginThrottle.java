package io.stratus.auth.token;

import io.stratus.auth.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Counts failed logins per account (email as typed, known or not, so the throttle reveals nothing) and per client
 * IP in fixed windows. Per instance and in memory: with n instances an attacker gets at most n times the budget,
 * which still makes guessing hopeless, and a shared store would put a network hop on every login. The map is
 * bounded (least recently used entries go first) so a flood of made-up emails cannot exhaust memory.
 */
@ApplicationScoped
public class LoginThrottle {
    private static final class Window {
        Instant start;
        int failures;
    }

    private final int maxPerAccount;
    private final int maxPerIp;
    private final Duration window;
    private final Map<String, Window> windows;
    private final Clock clock = Clock.systemUTC();

    LoginThrottle(AuthConfig config) {
        this.maxPerAccount = config.throttle().maxFailuresPerAccount();
        this.maxPerIp = config.throttle().maxFailuresPerIp();
        this.window = config.throttle().window();
        int capacity = config.throttle().maxTrackedKeys();
        this.windows = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Seconds to wait when the account or the IP is over its budget, else empty. */
    public synchronized OptionalLong retryAfter(String email, String ip) {
        Instant now = clock.instant();
        long wait = Math.max(waitFor(accountKey(email), maxPerAccount, now), waitFor(ipKey(ip), maxPerIp, now));
        return wait > 0 ? OptionalLong.of(wait) : OptionalLong.empty();
    }

    public synchronized void failed(String email, String ip) {
        Instant now = clock.instant();
        count(accountKey(email), now);
        count(ipKey(ip), now);
    }

    public synchronized void succeeded(String email) {
        windows.remove(accountKey(email));
    }

    private long waitFor(String key, int max, Instant now) {
        Window w = windows.get(key);
        if (w == null || w.start.plus(window).isBefore(now) || w.failures < max) {
            return 0;
        }
        return Math.max(1, Duration.between(now, w.start.plus(window)).toSeconds() + 1);
    }

    private void count(String key, Instant now) {
        Window w = windows.get(key);
        if (w == null || w.start.plus(window).isBefore(now)) {
            w = new Window();
            w.start = now;
            windows.put(key, w);
        }
        w.failures++;
    }

    private static String accountKey(String email) {
        return "a:" + email.trim().toLowerCase(Locale.ROOT);
    }

    private static String ipKey(String ip) {
        return "i:" + ip;
    }
}
