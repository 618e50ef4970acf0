package io.stratus.analytics.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratus.analytics.AnalyticsConfig;
import io.stratus.analytics.ingest.EventValidator.Flavor;
import io.stratus.analytics.ingest.EventValidator.Outcome;
import io.stratus.analytics.ingest.EventValidator.Problem;
import io.stratus.analytics.pipeline.EventQueue;
import io.stratus.analytics.pipeline.EventQueue.Refusal;
import io.stratus.analytics.pipeline.IngestMetrics;
import io.stratus.analytics.pipeline.Json;
import io.stratus.analytics.pipeline.QueueItem;
import io.stratus.analytics.project.ProjectTokens;
import io.stratus.analytics.project.ProjectTokens.ProjectKey;
import io.stratus.common.http.JsonErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The public ingestion routes (spec §2-3) as plain Vert.x routes on the event loop: read the body within its
 * limit, decode, validate, resolve tokens from memory, enqueue, answer. Nothing here touches the database
 * except a rate-limited token reload for an unknown token.
 */
@ApplicationScoped
public class IngestRoutes {
    private static final int MAX_REPORTED_ERRORS = 100;
    /**
     * Route order of the ingestion paths: after the request id (-1000) and body limit (-990) filters, before
     * Quarkus' HTTP security handlers (authentication -200, authorization -100). These paths authenticate with
     * their own tokens, so the security handler only cost them its per-request deferred identity and matching:
     * whole-app allocation per native request went from 18.4 KB to 9.8 KB, /track from 22.0 KB to 12.2 KB
     * (bench/analytics/alloc.sh), and young collections per request roughly halved.
     */
    static final int ROUTE_ORDER = -500;
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final String ACCEPTED_ONE = "{\"accepted\":1,\"rejected\":0,\"errors\":[]}";

    enum Endpoint {
        NATIVE("native"), TRACK("track"), ENGAGE("engage"), IMPORT("import");

        final String tag;

        Endpoint(String tag) {
            this.tag = tag;
        }
    }

    private final AnalyticsConfig config;
    private final ProjectTokens tokens;
    private final EventQueue queue;
    private final IngestMetrics metrics;
    private final ProjectRateLimits rateLimits;
    private final ServiceTokens serviceTokens;
    private final long maxBytes;

    IngestRoutes(AnalyticsConfig config, ProjectTokens tokens, EventQueue queue, IngestMetrics metrics,
            ProjectRateLimits rateLimits, ServiceTokens serviceTokens) {
        this.config = config;
        this.tokens = tokens;
        this.queue = queue;
        this.metrics = metrics;
        this.rateLimits = rateLimits;
        this.serviceTokens = serviceTokens;
        this.maxBytes = config.maxRequestBytes().asLongValue();
    }

    void init(@Observes Router router) {
        // Exact paths, which Vert.x also matches with one trailing slash (/track/), compare strings; the regex
        // routes they replace allocated a Matcher for every request to any path that reached them.
        router.route("/v1/events").order(ROUTE_ORDER).handler(rc -> handle(rc, Endpoint.NATIVE));
        router.route("/track").order(ROUTE_ORDER).handler(rc -> handle(rc, Endpoint.TRACK));
        router.route("/engage").order(ROUTE_ORDER).handler(rc -> handle(rc, Endpoint.ENGAGE));
        router.route("/import").order(ROUTE_ORDER).handler(rc -> handle(rc, Endpoint.IMPORT));
    }

    private void handle(RoutingContext rc, Endpoint endpoint) {
        Cors.apply(rc);
        HttpMethod method = rc.request().method();
        if (method == HttpMethod.OPTIONS) {
            Cors.preflight(rc);
            return;
        }
        boolean allowed = method == HttpMethod.POST || (method == HttpMethod.GET && endpoint != Endpoint.NATIVE);
        if (!allowed) {
            rc.response().putHeader("Allow", endpoint == Endpoint.NATIVE ? "POST, OPTIONS" : "GET, POST, OPTIONS");
            JsonErrors.send(rc, 405, "This method is not allowed on this resource.");
            return;
        }
        // No query, no parameters: the native single-event path skips Vert.x's parameter map (profiled).
        boolean verbose = rc.request().query() != null && "1".equals(firstParam(rc, "verbose"));
        Answer answer = new Answer(rc, endpoint, verbose);
        if (queue.isClosed()) {
            answer.unavailable("The server is shutting down.");
            return;
        }
        if (method == HttpMethod.GET) {
            process(rc, endpoint, answer, null);
            return;
        }
        readBody(rc, answer, body -> process(rc, endpoint, answer, body));
    }

    private static String firstParam(RoutingContext rc, String name) {
        return rc.request().getParam(name);
    }

    private void readBody(RoutingContext rc, Answer answer, Consumer<byte[]> then) {
        HttpServerRequest request = rc.request();
        String encoding = request.getHeader("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            answer.error(415, "Content-Encoding must be gzip or identity.");
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBytes) {
                refused[0] = true;
                answer.tooLarge("The request body is larger than the limit of " + maxBytes + " bytes.");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> refused[0] = true);
        request.endHandler(v -> {
            if (refused[0]) {
                return;
            }
            byte[] bytes = body.getBytes();
            if (gzip) {
                try {
                    bytes = gunzip(bytes);
                } catch (TooLargeBody e) {
                    answer.tooLarge("The request body inflates past the limit of " + maxBytes + " bytes.");
                    return;
                } catch (IOException e) {
                    answer.malformed("The gzip body is corrupt.");
                    return;
                }
            }
            then.accept(bytes);
        });
        request.resume();
    }

    private static final class TooLargeBody extends IOException {
        TooLargeBody() {
            super(null, null);
        }
    }

    private byte[] gunzip(byte[] compressed) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] chunk = new byte[16 * 1024];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + (long) n > maxBytes) {
                    throw new TooLargeBody();
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        }
    }

    private void process(RoutingContext rc, Endpoint endpoint, Answer answer, byte[] body) {
        String contentType = mediaType(rc.request().getHeader("Content-Type"));
        byte[] json;
        Map<String, byte[]> params = MixpanelData.parseQuery(rc.request().query());
        if (endpoint == Endpoint.NATIVE) {
            if (!"application/json".equals(contentType)) {
                answer.error(415, "Send events as application/json.");
                return;
            }
            json = body;
        } else if (body != null && "application/json".equals(contentType)) {
            json = body;
        } else if (body != null && "application/x-ndjson".equals(contentType) && endpoint == Endpoint.IMPORT) {
            json = ndjsonToArray(body);
        } else {
            if (body != null) {
                MixpanelData.parseParams(body, 0, body.length, params);
            }
            // The Node client's import posts data= and reads 1/0 like /track; JSON bodies get the /import JSON.
            answer.legacy = endpoint == Endpoint.IMPORT;
            byte[] data = params.get("data");
            if (data == null) {
                answer.malformed("data is missing.");
                return;
            }
            try {
                json = MixpanelData.decodeData(data);
            } catch (MixpanelData.MalformedData e) {
                answer.malformed(e.getMessage() + ".");
                return;
            }
        }
        if (shedWhenFull(endpoint, answer, json)) {
            return;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Cesu8.toUtf8(json));
        } catch (IOException e) {
            answer.malformed("The body is not valid JSON.");
            return;
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            answer.malformed("The body must be a JSON object or array.");
            return;
        }
        int jsonBytes = json.length;
        List<JsonNode> items = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(items::add);
        } else {
            items.add(root);
        }
        if (items.size() > config.maxEventsPerRequest()) {
            metrics.rejected(endpoint.tag, "too_many_events", items.size());
            answer.tooLarge("A request carries at most " + config.maxEventsPerRequest() + " events.");
            return;
        }
        boolean strict = !"0".equals(param(params, "strict"));
        if (endpoint == Endpoint.IMPORT && ServiceTokens.isBearer(rc.request().getHeader("Authorization"))) {
            importWithServiceToken(rc, answer, items, params, strict, jsonBytes);
            return;
        }
        if (endpoint == Endpoint.IMPORT) {
            String secret = basicSecret(rc.request().getHeader("Authorization"));
            tokens.refreshIfUnknown(List.of(), secret == null ? List.of() : List.of(secret)).onComplete(ignored -> {
                ProjectKey project = tokens.bySecret(secret);
                if (project == null) {
                    answer.unauthorized();
                    return;
                }
                validateAndQueue(endpoint, answer, items, project, strict, jsonBytes);
            });
            return;
        }
        List<String> named = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            named.add(endpoint == Endpoint.ENGAGE ? ProfileValidator.tokenOf(item)
                    : EventValidator.tokenOf(item, endpoint == Endpoint.NATIVE ? Flavor.NATIVE : Flavor.TRACK));
        }
        tokens.refreshIfUnknown(named, List.of())
                .onComplete(ignored -> validateAndQueue(endpoint, answer, items, null, strict, jsonBytes));
    }

    /**
     * Backpressure that costs the event loop little (spec §4.5): when the queue has room for fewer items than a
     * request may carry, counts this body's top-level items with the streaming parser (no tree, no validation)
     * and, if they certainly do not fit, refuses them all with 503 and counts them as {@code queue_full}. Under
     * overload most requests end here, so the writer and the database keep the CPU the refused requests would
     * have spent being parsed and validated. A body that does not parse is left to the full path and its 400.
     */
    private boolean shedWhenFull(Endpoint endpoint, Answer answer, byte[] json) {
        int room = queue.room();
        if (room >= config.maxEventsPerRequest()) {
            return false;
        }
        int items = topLevelItems(json);
        // Too many items is a 413 whatever the queue holds: the full path answers it.
        if (items <= room || items > config.maxEventsPerRequest()) {
            return false;
        }
        metrics.rejected(endpoint.tag, "queue_full", items);
        answer.unavailable("The ingestion queue is full.");
        return true;
    }

    /** The items of a JSON array, 1 for an object, or -1 for anything else or a body that does not parse. */
    static int topLevelItems(byte[] json) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                parser.skipChildren();
                return 1;
            }
            if (first != JsonToken.START_ARRAY) {
                return -1;
            }
            int items = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    return -1;
                }
                parser.skipChildren();
                items++;
            }
            return items;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * /import with a service JWT (spec §3): scope {@code analytics:write}, the project named by {@code project_id}.
     * The signature is checked on a worker thread (the JWKS may have to be fetched); imports are batches, so this
     * costs one verification per up to 2,000 events.
     */
    private void importWithServiceToken(RoutingContext rc, Answer answer, List<JsonNode> items,
            Map<String, byte[]> params, boolean strict, int jsonBytes) {
        String projectParam = param(params, "project_id");
        if (projectParam == null) {
            projectParam = rc.request().getParam("project_id");
        }
        UUID projectId;
        try {
            projectId = projectParam == null ? null : UUID.fromString(projectParam.trim());
        } catch (IllegalArgumentException e) {
            projectId = null;
        }
        UUID project = projectId;
        serviceTokens.verify(rc.request().getHeader("Authorization")).onComplete(verified -> {
            ServiceTokens.Verdict verdict = verified.succeeded() ? verified.result() : ServiceTokens.Verdict.INVALID;
            switch (verdict) {
                case INVALID -> answer.unauthorized();
                case NO_SCOPE -> answer.forbidden("This endpoint needs a service token with scope "
                        + ServiceTokens.IMPORT_SCOPE + ".");
                case OK -> {
                    if (project == null) {
                        metrics.rejected(Endpoint.IMPORT.tag, "invalid", items.size());
                        answer.error(400, "project_id (a project's id) is required with a service token.");
                        return;
                    }
                    tokens.refreshIfUnknownId(project).onComplete(ignored -> {
                        ProjectKey key = tokens.byId(project);
                        if (key == null) {
                            metrics.rejected(Endpoint.IMPORT.tag, "token", items.size());
                            answer.error(404, "No project has the id " + project + ".");
                            return;
                        }
                        validateAndQueue(Endpoint.IMPORT, answer, items, key, strict, jsonBytes);
                    });
                }
            }
        });
    }

    private static String param(Map<String, byte[]> params, String name) {
        byte[] value = params.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private void validateAndQueue(Endpoint endpoint, Answer answer, List<JsonNode> items, ProjectKey project,
            boolean strict, int bodyBytes) {
        boolean measure = bodyBytes >= EventValidator.MAX_EVENT_BYTES;
        long now = System.currentTimeMillis();
        List<QueueItem> valid = new ArrayList<>(items.size());
        List<Problem> problems = new ArrayList<>();
        List<Integer> problemIndexes = new ArrayList<>();
        boolean knownToken = false;
        int truncated = 0;
        for (int i = 0; i < items.size(); i++) {
            Outcome outcome;
            if (endpoint == Endpoint.ENGAGE) {
                outcome = ProfileValidator.validate(items.get(i), tokens, now);
            } else {
                try {
                    outcome = EventValidator.validate(items.get(i), flavor(endpoint), tokens, project, strict, now,
                            measure);
                } catch (EventValidator.TooLarge e) {
                    metrics.rejected(endpoint.tag, "too_large", items.size());
                    answer.tooLarge(e.getMessage());
                    return;
                }
            }
            knownToken |= outcome.knownToken;
            if (outcome.problem != null) {
                problems.add(outcome.problem);
                problemIndexes.add(i);
                metrics.rejected(endpoint.tag, "token".equals(outcome.problem.field()) ? "token" : "invalid", 1);
            } else {
                valid.add(outcome.row != null ? outcome.row : outcome.profileUpdate);
                truncated += outcome.truncated;
            }
        }
        if (!valid.isEmpty()) {
            if (!rateLimits.tryTake(valid)) {
                metrics.rejected(endpoint.tag, "rate_limit", valid.size());
                answer.rateLimited();
                return;
            }
            Refusal refusal = queue.offer(valid, endpoint.tag);
            if (refusal != Refusal.NONE) {
                rateLimits.giveBack(valid);
                metrics.rejected(endpoint.tag, refusal == Refusal.FULL ? "queue_full" : "shutdown", valid.size());
                answer.unavailable(refusal == Refusal.FULL ? "The ingestion queue is full."
                        : "The server is shutting down.");
                return;
            }
            metrics.truncated(truncated);
        }
        answer.result(valid.size(), problems, problemIndexes, knownToken, strict);
    }

    private static Flavor flavor(Endpoint endpoint) {
        return switch (endpoint) {
            case NATIVE -> Flavor.NATIVE;
            case IMPORT -> Flavor.IMPORT;
            default -> Flavor.TRACK;
        };
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
    }

    private static byte[] ndjsonToArray(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 16);
        out.write('[');
        boolean first = true;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i;
                while (end > start && (body[end - 1] == '\r' || body[end - 1] == ' ' || body[end - 1] == '\t')) {
                    end--;
                }
                int s = start;
                while (s < end && (body[s] == ' ' || body[s] == '\t')) {
                    s++;
                }
                if (end > s) {
                    if (!first) {
                        out.write(',');
                    }
                    out.write(body, s, end - s);
                    first = false;
                }
                start = i + 1;
            }
        }
        out.write(']');
        return out.toByteArray();
    }

    /** The secret from {@code Basic <secret>:} (the Node client) or {@code Basic <user>:<secret>}. */
    static String basicSecret(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return decoded;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        return password.isEmpty() ? user : password;
    }

    /** Writes the answer in the shape of the endpoint: native JSON, Mixpanel {@code 1}/{@code 0}, /import JSON. */
    private final class Answer {
        private final RoutingContext rc;
        private final Endpoint endpoint;
        private final boolean verbose;
        boolean legacy;

        Answer(RoutingContext rc, Endpoint endpoint, boolean verbose) {
            this.rc = rc;
            this.endpoint = endpoint;
            this.verbose = verbose;
        }

        private Endpoint style() {
            return legacy ? Endpoint.TRACK : endpoint;
        }

        void malformed(String message) {
            metrics.rejected(endpoint.tag, "malformed", 1);
            switch (style()) {
                case NATIVE -> JsonErrors.send(rc, 400, message);
                case IMPORT -> importError(400, "Bad Request", message);
                default -> mixpanel(200, false, message);
            }
        }

        void error(int status, String message) {
            switch (style()) {
                case NATIVE -> JsonErrors.send(rc, status, message);
                case IMPORT -> importError(status, switch (status) {
                    case 400 -> "Bad Request";
                    case 404 -> "Not Found";
                    default -> "Unsupported Media Type";
                }, message);
                default -> mixpanel(status, false, message);
            }
        }

        void tooLarge(String message) {
            rc.response().putHeader("Connection", "close");
            switch (style()) {
                case NATIVE -> JsonErrors.send(rc, 413, message);
                case IMPORT -> importError(413, "Request Entity Too Large", message);
                default -> mixpanel(413, false, message);
            }
        }

        void unavailable(String message) {
            rc.response().putHeader("Retry-After", "1");
            switch (style()) {
                case NATIVE -> JsonErrors.send(rc, 503, message);
                case IMPORT -> importError(503, "Service Unavailable", message);
                default -> mixpanel(503, false, message);
            }
        }

        void rateLimited() {
            rc.response().putHeader("Retry-After", "1");
            switch (style()) {
                case NATIVE -> JsonErrors.send(rc, 429, "This project sends more events per second than its limit.");
                case IMPORT -> importError(429, "Too Many Requests",
                        "This project sends more events per second than its limit.");
                default -> mixpanel(429, false, "rate limit");
            }
        }

        void forbidden(String message) {
            importError(403, "Forbidden", message);
        }

        void unauthorized() {
            if (endpoint == Endpoint.IMPORT) {
                importError(401, "Unauthorized", "Invalid credentials");
            } else {
                JsonErrors.send(rc, 401, "No event names a known project token.");
            }
        }

        void result(int accepted, List<Problem> problems, List<Integer> indexes, boolean knownToken, boolean strict) {
            switch (style()) {
                case NATIVE -> nativeResult(accepted, problems, indexes, knownToken);
                case IMPORT -> importResult(accepted, problems, indexes, strict);
                default -> mixpanel(200, accepted > 0, problems.isEmpty() ? null
                        : problems.get(0).field() + " " + problems.get(0).message());
            }
        }

        private void nativeResult(int accepted, List<Problem> problems, List<Integer> indexes, boolean knownToken) {
            if (accepted == 0 && !knownToken && !problems.isEmpty()) {
                unauthorized();
                return;
            }
            if (problems.isEmpty() && accepted > 0) {
                // The common answer, written directly: a Jackson tree per request showed in the profile.
                rc.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                        .end(accepted == 1 ? ACCEPTED_ONE
                                : "{\"accepted\":" + accepted + ",\"rejected\":0,\"errors\":[]}");
                return;
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("accepted", accepted).put("rejected", problems.size());
            ArrayNode errors = body.putArray("errors");
            for (int i = 0; i < problems.size() && i < MAX_REPORTED_ERRORS; i++) {
                errors.addObject().put("index", indexes.get(i)).put("field", problems.get(i).field())
                        .put("message", problems.get(i).message());
            }
            if (accepted == 0) {
                body.put("id", "invalid_params").put("message", problems.isEmpty()
                        ? "The request holds no event." : "No event in the request is valid.");
                json(422, body);
            } else {
                json(202, body);
            }
        }

        private void importResult(int accepted, List<Problem> problems, List<Integer> indexes, boolean strict) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (strict && !problems.isEmpty()) {
                body.put("code", 400).put("error", "some data points in the request failed validation")
                        .put("num_records_imported", accepted).put("status", "Bad Request");
                ArrayNode failed = body.putArray("failed_records");
                for (int i = 0; i < problems.size(); i++) {
                    Problem p = problems.get(i);
                    failed.addObject().put("index", indexes.get(i)).put("$insert_id", p.insertId())
                            .put("field", p.field()).put("message", p.field() + " " + p.message());
                }
                json(400, body);
                return;
            }
            body.put("code", 200).put("num_records_imported", accepted).put("status", "OK");
            json(200, body);
        }

        private void importError(int status, String statusText, String message) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("code", status).put("error", message).put("status", statusText);
            json(status, body);
        }

        private void json(int status, ObjectNode body) {
            if (rc.response().ended()) {
                return;
            }
            rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(body.toString());
        }

        private void mixpanel(int status, boolean success, String error) {
            if (rc.response().ended()) {
                return;
            }
            rc.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
            if (verbose) {
                ObjectNode body = Json.MAPPER.createObjectNode();
                body.put("status", success ? 1 : 0);
                if (success || error == null) {
                    body.putNull("error");
                } else {
                    body.put("error", error);
                }
                rc.response().putHeader("Content-Type", "application/json").end(body.toString());
            } else {
                rc.response().putHeader("Content-Type", "text/plain").end(success ? "1" : "0");
            }
        }
    }
}
