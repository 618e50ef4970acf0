package io.stratus.dashboard.authorizations;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A real HTTP server standing in for auth: it answers what it received (method, path, headers, body) as JSON, so
 * a test sees both directions of the relay. {@code /oauth/authorizations/unauthorized} answers auth's 401.
 */
public class AuthStub implements QuarkusTestResourceLifecycleManager {
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/oauth/authorizations", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            byte[] received = exchange.getRequestBody().readAllBytes();
            int status;
            String body;
            if (path.endsWith("/unauthorized")) {
                status = 401;
                body = "{\"id\":\"unauthorized\",\"message\":\"Invalid credentials provided.\"}";
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            } else {
                status = "POST".equals(exchange.getRequestMethod()) ? 201 : 200;
                var headers = exchange.getRequestHeaders();
                body = "{\"method\":\"" + exchange.getRequestMethod() + "\",\"path\":\"" + path
                        + "\",\"authorization\":\"" + headers.getFirst("Authorization")
                        + "\",\"content_type\":\"" + headers.getFirst("Content-Type")
                        + "\",\"request_id\":\"" + headers.getFirst("X-Request-Id")
                        + "\",\"body\":" + quote(new String(received, StandardCharsets.UTF_8)) + "}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("stratus.dashboard.auth-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
