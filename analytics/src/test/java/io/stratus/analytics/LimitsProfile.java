package io.stratus.analytics;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A per-project rate limit and a 30-day retention, for the tests of both (one app start for the two). */
public class LimitsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("stratus.analytics.project-rate-limit", "10", "stratus.analytics.retention-days", "30");
    }
}
