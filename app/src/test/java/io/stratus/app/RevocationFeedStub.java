package io.stratus.app;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real HTTP server that speaks auth's revocation feed ({@code GET /oauth/revocations?since=}), plus
 * {@code POST /revoke?jti=} for the test to revoke a token, so app's poller is tested over the wire without auth.
 */
public class RevocationFeedStub implements QuarkusTestResourceLifecycleManager {
    private HttpServer server;
    private final List<String> revoked = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/revoke", exchange -> {
            String jti = exchange.getRequestURI().getQuery().substring("jti=".length());
            synchronized (revoked) {
                revoked.add(jti);
            }
            respond(exchange, 204, "");
        });
        server.createContext("/oauth/revocations", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            long since = query != null && query.startsWith("since=") ? Long.parseLong(query.substring(6)) : 0;
            StringBuilder body = new StringBuilder("{\"revocations\":[");
            long next;
            synchronized (revoked) {
                String expiry = Instant.now().plusSeconds(3600).toString();
                for (int i = (int) since; i < revoked.size(); i++) {
                    body.append(i > since ? "," : "").append("{\"jti\":\"").append(revoked.get(i))
                            .append("\",\"expires_at\":\"").append(expiry).append("\"}");
                }
                next = revoked.size();
            }
            body.append("],\"next_since\":").append(next).append(",\"more\":false}");
            respond(exchange, 200, body.toString());
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("stratus.security.revocations-url", base + "/oauth/revocations",
                "stratus.security.revocations-poll-interval", "PT0.5S");
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
