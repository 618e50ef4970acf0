package io.stratus.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates bad requests for every operation of a service's OpenAPI document and checks each answer: never a
 * 5xx, never a stack trace, and every 4xx carries the JSON error body. Bodies are derived from the operation's
 * request schema (wrong types, missing and extra fields, huge strings and arrays, deep nesting, invalid UTF-8,
 * control characters, injection strings, overflowing numbers); paths and queries get hostile values; headers
 * get bad content types, accept headers and tokens.
 */
public final class HostileInput {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> HOSTILE_STRINGS = List.of(
            "", " ", "' OR '1'='1' --", "\"; DROP TABLE apps; --", "<script>alert(1)</script>",
            "../../../../etc/passwd", "%00", "\u0000nul", "\u202Eevil", "😀💥", "\uD800",
            "a".repeat(5000), "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "null", "-1", "NaN", "1e400",
            "\r\nX-Injected: 1", "\\u0000", "0x7fffffff");
    private static final List<String> HOSTILE_NUMBERS = List.of(
            "-1", "0", "-2147483649", "2147483648", "9223372036854775808", "1e400", "-1e400", "1.5", "0.0000001",
            "99999999999999999999999999999");

    // HTTP/1.1 as the Heroku CLI and browsers speak it to a plain http:// host (no h2c upgrade).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Map<String, String> identities;
    private final Random random = new Random(20261125);
    private final List<String> failures = new ArrayList<>();
    private final List<String> unavailable = new ArrayList<>();
    private JsonNode document;
    private int requests;

    /**
     * @param base       the service's base URI, e.g. {@code http://localhost:8081}
     * @param identities bearer tokens to try each operation with, by name ({@code null} token = no header)
     */
    public HostileInput(URI base, Map<String, String> identities) {
        this.base = base;
        this.identities = new LinkedHashMap<>(identities);
    }

    /** The outcome of a run: how many requests were sent and every answer that broke a rule. */
    public record Report(int requests, int operations, List<String> failures, List<String> unavailable) {
        public String summary() {
            return "hostile-input: " + requests + " requests over " + operations + " operations, "
                    + failures.size() + " failures, " + unavailable.size() + " answered 503 (dependency down)";
        }
    }

    public Report run() throws IOException, InterruptedException {
        HttpResponse<String> openApi = http.send(HttpRequest.newBuilder(base.resolve("/q/openapi?format=json"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        document = MAPPER.readTree(openApi.body());
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                var method = methods.next();
                String verb = method.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(verb)) {
                    continue;
                }
                operations++;
                attack(verb, path.getKey(), method.getValue());
            }
        }
        return new Report(requests, operations, List.copyOf(failures), List.copyOf(unavailable));
    }

    private void attack(String verb, String template, JsonNode operation) throws IOException, InterruptedException {
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(p -> parameters.add(resolve(p)));
        JsonNode bodySchema = resolve(operation.path("requestBody").path("content").path("application/json")
                .path("schema"));
        boolean hasBody = !bodySchema.isMissingNode() && !bodySchema.isEmpty()
                || operation.path("requestBody").path("content").size() > 0;

        for (var identity : identities.entrySet()) {
            // Hostile path segments, with a harmless body.
            for (String value : HOSTILE_STRINGS) {
                send(verb, fillPath(template, value), identity.getValue(), hasBody ? "{}" : null,
                        "application/json", "application/json");
            }
            for (String value : HOSTILE_NUMBERS) {
                send(verb, fillPath(template, value), identity.getValue(), null, null, "application/json");
            }
            String path = fillPath(template, UUID.randomUUID().toString());
            // Hostile query parameters.
            for (JsonNode parameter : parameters) {
                if (!"query".equals(parameter.path("in").asText())) {
                    continue;
                }
                for (String value : HOSTILE_STRINGS) {
                    send(verb, path + "?" + parameter.path("name").asText() + "=" + encode(value),
                            identity.getValue(), null, null, "application/json");
                }
            }
            // Bad headers.
            send(verb, path, identity.getValue(), "{}", "application/json", "application/vnd.heroku+json; version=9");
            send(verb, path, identity.getValue(), "{}", "application/json", "text/html");
            send(verb, path, identity.getValue(), "<x/>", "application/xml", "application/json");
            send(verb, path, "x".repeat(3000), null, null, "application/json");
            send(verb, path, "Bearer ey.J.x", null, null, "application/json");
            if (hasBody) {
                for (byte[] body : bodies(bodySchema)) {
                    sendBytes(verb, path, identity.getValue(), body, "application/json");
                }
            }
        }
    }

    private List<byte[]> bodies(JsonNode schema) {
        List<byte[]> bodies = new ArrayList<>();
        for (String raw : List.of("", "null", "[]", "{}", "{", "}", "\"text\"", "12", "true", "{\"a\":}",
                "{\"a\":1,}", "[" + "[".repeat(5000) + "]".repeat(5000) + "]",
                "{\"a\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}",
                "{\"a\":\"" + "x".repeat(60_000) + "\"}", "[" + "1,".repeat(20_000) + "1]",
                "{\"__proto__\":{\"admin\":true}}", "\uFEFF{}")) {
            bodies.add(raw.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        bodies.add(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0});
        ObjectNode valid = sample(schema, 0);
        bodies.add(bytes(valid));
        // One field at a time: wrong types, hostile strings, hostile numbers, missing.
        for (Iterator<String> names = valid.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            for (JsonNode bad : badValues()) {
                ObjectNode copy = valid.deepCopy();
                copy.set(name, bad);
                bodies.add(bytes(copy));
            }
            ObjectNode missing = valid.deepCopy();
            missing.remove(name);
            bodies.add(bytes(missing));
        }
        ObjectNode extra = valid.deepCopy();
        extra.put("unexpected_" + random.nextInt(1000), "surprise");
        extra.set("nested", JSON.objectNode().set("deeper", JSON.arrayNode().add(JSON.objectNode())));
        bodies.add(bytes(extra));
        return bodies;
    }

    private List<JsonNode> badValues() {
        List<JsonNode> values = new ArrayList<>();
        values.add(JSON.nullNode());
        values.add(JSON.booleanNode(true));
        values.add(JSON.objectNode().put("x", 1));
        values.add(JSON.arrayNode().add(1).add("two"));
        ArrayNode huge = JSON.arrayNode();
        for (int i = 0; i < 2000; i++) {
            huge.add(i);
        }
        values.add(huge);
        for (String s : HOSTILE_STRINGS) {
            values.add(JSON.textNode(s));
        }
        for (String n : HOSTILE_NUMBERS) {
            values.add(JSON.numberNode(new java.math.BigDecimal(n.replace("1e400", "1E+400"))));
        }
        values.add(JSON.textNode("\u0001\u0002\u0007\u001B[31m"));
        return values;
    }

    /** A plausible body for the schema, so that one bad field at a time reaches validation. */
    private ObjectNode sample(JsonNode schema, int depth) {
        ObjectNode node = JSON.objectNode();
        JsonNode properties = resolve(schema).path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            var property = it.next();
            node.set(property.getKey(), sampleValue(resolve(property.getValue()), depth + 1));
        }
        return node;
    }

    private JsonNode sampleValue(JsonNode schema, int depth) {
        String type = schema.path("type").asText("string");
        if (schema.has("enum") && schema.path("enum").size() > 0) {
            return schema.path("enum").get(0);
        }
        return switch (type) {
            case "integer", "number" -> JSON.numberNode(1);
            case "boolean" -> JSON.booleanNode(false);
            case "array" -> JSON.arrayNode();
            case "object" -> depth > 3 ? JSON.objectNode() : sample(schema, depth);
            default -> JSON.textNode("value-" + random.nextInt(100_000));
        };
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            String ref = current.path("$ref").asText();
            current = document.at(ref.substring(1));
        }
        return current;
    }

    private static String fillPath(String template, String value) {
        return template.replaceAll("\\{[^}]+}", encode(value).replace("+", "%20"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String verb, String path, String token, String body, String contentType, String accept)
            throws IOException, InterruptedException {
        sendBytes(verb, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType, accept);
    }

    private void sendBytes(String verb, String path, String token, byte[] body, String contentType)
            throws IOException, InterruptedException {
        sendBytes(verb, path, token, body, contentType, "application/json");
    }

    private void sendBytes(String verb, String path, String token, byte[] body, String contentType, String accept)
            throws IOException, InterruptedException {
        URI uri;
        try {
            uri = base.resolve(path);
        } catch (IllegalArgumentException e) {
            return; // not expressible as a URI: no client could send it either
        }
        var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Accept", accept)
                .method(verb, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (token != null) {
            builder.header("Authorization", token.startsWith("Bearer ") ? token : "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException first) {
            // A 413 closes its connection on purpose; the client may already have picked that connection from
            // its pool for the next request. One retry on a fresh connection tells that race from a real failure.
            try {
                response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                failures.add(verb + " " + path + ": connection failed: " + e);
                return;
            }
        }
        requests++;
        check(verb, path, response);
    }

    private void check(String verb, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body();
        String where = verb + " " + abbreviate(path) + " -> " + status + " " + abbreviate(body);
        if (status == 503 && response.headers().firstValue("Retry-After").isPresent()
                && body.contains("\"unavailable\"")) {
            // The documented answer when a dependency is down (conventions.md), e.g. app's relay with no auth
            // running: counted apart so a caller can check where it happens.
            unavailable.add(verb + " " + abbreviate(path));
            return;
        }
        if (status >= 500) {
            failures.add("server error: " + where);
            return;
        }
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("<html")) {
            failures.add("leaks internals: " + where);
            return;
        }
        if (status >= 400) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/json")) {
                // Mixpanel-compatible routes answer text/plain "0" by contract (spec/analytics.md).
                if (!(type.startsWith("text/plain") && body.trim().equals("0"))) {
                    failures.add("non-JSON error: " + where + " (" + type + ")");
                }
                return;
            }
            try {
                JsonNode error = MAPPER.readTree(body);
                boolean conventions = error.hasNonNull("id") && error.hasNonNull("message");
                boolean oauth = error.hasNonNull("error"); // RFC 6749 bodies of the token endpoint
                boolean mixpanel = error.has("status") || error.has("code");
                if (!conventions && !oauth && !mixpanel) {
                    failures.add("error body without id/message: " + where);
                }
            } catch (IOException e) {
                failures.add("unparsable JSON error: " + where);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
