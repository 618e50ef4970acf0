package io.stratus.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.common.testing.HostileInput;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generated bad requests against every operation in auth's OpenAPI document (issue 11), as a signed-up user,
 * as the admin and without a token: no 5xx, no stack trace, every error a JSON body.
 */
@QuarkusTest
class HostileInputTest {
    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersHostileInputWithAClearClientError() throws Exception {
        Map<String, String> identities = new LinkedHashMap<>();
        identities.put("user", AuthFixtures.accessToken(AuthFixtures.signUp()));
        identities.put("admin", AuthFixtures.adminToken());
        identities.put("anonymous", null);
        HostileInput.Report report = new HostileInput(base, identities).run();
        System.out.println("auth " + report.summary());
        Files.write(Path.of("target", "hostile-input-failures.txt"), report.failures());
        assertTrue(report.operations() > 0, "the OpenAPI document lists operations");
        assertTrue(report.unavailable().isEmpty(), () -> "unexpected 503: " + report.unavailable());
        assertEquals(0, report.failures().size(),
                () -> report.summary() + "\n" + String.join("\n", report.failures().subList(0,
                        Math.min(40, report.failures().size()))));
    }
}
