package io.stratus.app;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real Heroku CLI (npm {@code heroku} 11.x) against the assembled app: {@code src/test/cli/heroku-cli.sh}
 * installs it once, runs the commands and checks each output against the server (spec/platform-api.md).
 */
@QuarkusTest
class HerokuCliTest {
    static final Duration LIMIT = Duration.ofMinutes(12);

    @TestHTTPResource("/")
    URL server;

    /** Valid for the whole run: installing the CLI on a busy machine can take minutes (Tokens default to 10). */
    static String token(TestAccount account) {
        return Tokens.sign(Tokens.base(account.id().toString()).upn(account.email()).claim("email", account.email())
                .groups(Set.of("user")).claim("scope", "global").expiresAt(Instant.now().plus(LIMIT.plusMinutes(5))));
    }

    @Test
    void theHerokuCliDrivesEveryCommandAgainstTheServer() throws Exception {
        TestAccount owner = TestAccount.create();
        TestAccount friend = TestAccount.create();
        String friendToken = token(friend);
        // The collaborator exists as a real account before access:add, as a signed-up user would.
        given().auth().oauth2(friendToken).get("/account").then().statusCode(200);
        String url = server.toString().replaceAll("/$", "").replace("localhost", "127.0.0.1");

        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("src/test/cli/heroku-cli.sh").toString())
                .redirectErrorStream(true);
        builder.environment().put("STRATUS_URL", url);
        builder.environment().put("STRATUS_TOKEN", token(owner));
        builder.environment().put("STRATUS_EMAIL", owner.email());
        builder.environment().put("STRATUS_TOKEN2", friendToken);
        builder.environment().put("STRATUS_EMAIL2", friend.email());
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Instant deadline = Instant.now().plus(LIMIT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println(line);
                output.append(line).append('\n');
                if (Instant.now().isAfter(deadline)) {
                    break;
                }
            }
        }
        if (!process.waitFor(Duration.between(Instant.now(), deadline).toMillis() + 1000, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "heroku-cli.sh failed:\n" + output);
    }
}
