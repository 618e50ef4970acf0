package io.stratus.dashboard.authorizations;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * What the relay test needs from the runtime, given here rather than in a module-wide test application.properties
 * that the module's owner keeps.
 */
public class RelayTestProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.test-port", "0",
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.hibernate-orm.schema-management.strategy", "none",
                "quarkus.flyway.migrate-at-start", "false",
                "mp.jwt.verify.publickey.location", "stratus-test-keys/jwks.json",
                "mp.jwt.verify.issuer", "https://auth.stratus.test",
                "mp.jwt.verify.audiences", "stratus",
                "quarkus.http.auth.proactive", "false");
    }
}
