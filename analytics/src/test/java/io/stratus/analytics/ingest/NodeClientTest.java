package io.stratus.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.analytics.StoredEvents;
import io.stratus.analytics.TestProjects;
import io.stratus.analytics.TestProjects.TestProject;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official Mixpanel Node client (npm {@code mixpanel}, pinned in node-client/package.json) against this app:
 * each event stored once with its properties. npm installs into target/node-client once per clean build.
 */
@QuarkusTest
class NodeClientTest {
    @Inject
    AgroalDataSource db;

    @TestHTTPResource("/")
    URL root;

    @Test
    void officialClientTracksAndImports() throws Exception {
        Path dir = Path.of("target", "node-client");
        Files.createDirectories(dir);
        for (String file : new String[] {"package.json", "send.js"}) {
            try (InputStream in = getClass().getResourceAsStream("/node-client/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(dir.resolve("node_modules/mixpanel"))) {
            run(dir, List.of("npm", "install", "--no-audit", "--no-fund", "--no-save"));
        }
        TestProject p = TestProjects.create();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        run(dir, List.of("node", "send.js", Integer.toString(root.getPort()), p.token(), p.secret(), runId));

        StoredEvents.awaitCount(db, p.id(), 6);
        StoredEvents.sleep(300);
        List<Map<String, String>> rows = StoredEvents.rows(db, p.id());
        assertEquals(6, rows.size());
        Map<String, String> track = rows.stream().filter(r -> r.get("event").equals("node track")).findFirst()
                .orElseThrow();
        assertEquals("n1", track.get("distinct_id"));
        assertTrue(track.get("properties").contains("\"emoji\": \"\uD83D\uDE00\""), track.get("properties"));
        assertTrue(track.get("properties").contains("\"plus\": \"a+b c\""), track.get("properties"));
        assertTrue(track.get("properties").contains("\"mp_lib\": \"node\""));
        assertEquals(2, rows.stream().filter(r -> r.get("event").equals("node batch")).count());
        assertEquals(1, rows.stream().filter(r -> r.get("event").equals("node import")
                && r.get("insert_id").equals(runId + "-i1")).count());
        assertEquals(2, rows.stream().filter(r -> r.get("event").equals("node import batch")).count());
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        boolean done = process.waitFor(180, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, command + " timed out");
        assertEquals(0, process.exitValue(), command + " failed: " + output);
    }
}
