package io.stratus.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.common.testing.HostileInput;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generated bad requests against every operation in app's OpenAPI document (issue 11): no 5xx, no stack trace,
 * every error a JSON body. Runs as a user, a stranger without a token, and a service client.
 */
@QuarkusTest
class HostileInputTest {
    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersHostileInputWithAClearClientError() throws Exception {
        Map<String, String> identities = new LinkedHashMap<>();
        identities.put("user", Tokens.forAccount(TestAccount.create()));
        identities.put("anonymous", null);
        identities.put("service", Tokens.service("hostile-input", "billing:read", "billing:write", "analytics:write"));
        HostileInput.Report report = new HostileInput(base, identities).run();
        System.out.println("app " + report.summary());
        Files.write(Path.of("target", "hostile-input-failures.txt"), report.failures());
        assertTrue(report.operations() > 0, "the OpenAPI document lists operations");
        // auth is not running in app's tests: only the /oauth/authorizations relay may answer 503.
        assertTrue(report.unavailable().stream().allMatch(call -> call.contains(" /oauth/")),
                () -> "unexpected 503: " + report.unavailable());
        assertEquals(0, report.failures().size(),
                () -> report.summary() + "\n" + String.join("\n", report.failures().subList(0,
                        Math.min(40, report.failures().size()))));
    }
}
