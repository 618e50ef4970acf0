package io.stratus.analytics.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratus.analytics.ingest.EventValidator.Outcome;
import io.stratus.analytics.ingest.EventValidator.Problem;
import io.stratus.analytics.ingest.EventValidator.Sanitizer;
import io.stratus.analytics.pipeline.Json;
import io.stratus.analytics.pipeline.ProfileOperations;
import io.stratus.analytics.pipeline.ProfileUpdate;
import io.stratus.analytics.project.ProjectTokens;
import io.stratus.analytics.project.ProjectTokens.ProjectKey;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Validates one /engage profile update (spec §3): {@code $token}, {@code $distinct_id} and one operation. */
final class ProfileValidator {
    private static final long FIVE_DAYS_MS = 5L * 24 * 3600 * 1000;
    private static final long ONE_HOUR_MS = 3600L * 1000;

    private ProfileValidator() {
    }

    static String tokenOf(JsonNode update) {
        JsonNode token = update.isObject() ? update.get("$token") : null;
        return token != null && token.isTextual() ? token.textValue() : null;
    }

    static Outcome validate(JsonNode node, ProjectTokens tokens, long nowMillis) {
        Outcome out = new Outcome();
        if (!node.isObject()) {
            return fail(out, "update", "must be a JSON object");
        }
        String token = tokenOf(node);
        ProjectKey project = tokens.byToken(token);
        if (project == null) {
            return fail(out, "$token", token == null ? "is required" : "is not a known project token");
        }
        out.knownToken = true;
        JsonNode distinct = node.get("$distinct_id");
        if (distinct == null || !(distinct.isTextual() || distinct.isNumber())) {
            return fail(out, "$distinct_id", "is required");
        }
        String distinctId = Sanitizer.clean(distinct.asText());
        if (distinctId.isEmpty() || distinctId.length() > 255) {
            return fail(out, "$distinct_id", "must be 1-255 characters");
        }
        JsonNode time = node.get("$time");
        if (time != null && !time.isNull()) {
            Long millis = EventValidator.parseTime(time, false);
            if (millis == null || millis < nowMillis - FIVE_DAYS_MS || millis > nowMillis + ONE_HOUR_MS) {
                return fail(out, "$time", "must be within the last 5 days and at most one hour ahead");
            }
        }
        String operation = null;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (ProfileOperations.SUPPORTED.contains(name)) {
                if (operation != null) {
                    return fail(out, name, "only one operation per update");
                }
                operation = name;
            }
        }
        if (operation == null) {
            return fail(out, "operation", "one of " + ProfileOperations.SUPPORTED + " is required");
        }
        JsonNode value = node.get(operation);
        JsonNode stored;
        switch (operation) {
            case "$set", "$set_once", "$append", "$remove", "$union" -> {
                ObjectNode copy = copyFields(value, operation, operation.equals("$union"), out);
                if (copy == null) {
                    return out;
                }
                stored = copy;
            }
            case "$add" -> {
                if (!value.isObject()) {
                    return fail(out, operation, "must be an object of numbers");
                }
                for (JsonNode number : value) {
                    if (!number.isNumber()) {
                        return fail(out, operation, "must be an object of numbers");
                    }
                }
                stored = value;
            }
            case "$unset" -> {
                if (!value.isArray()) {
                    return fail(out, operation, "must be an array of property names");
                }
                for (JsonNode name : value) {
                    if (!name.isTextual()) {
                        return fail(out, operation, "must be an array of property names");
                    }
                }
                stored = value;
            }
            default -> stored = JsonNodeFactory.instance.nullNode();
        }
        try {
            out.profileUpdate = new ProfileUpdate(project.id(), distinctId, operation,
                    Json.MAPPER.writeValueAsString(stored));
        } catch (JsonProcessingException e) {
            return fail(out, operation, "could not be encoded");
        }
        return out;
    }

    /**
     * Copies an object operand field by field through the sanitizer; with {@code lists}, each value must be a list.
     * Returns null, with the problem recorded, when the operand is refused.
     */
    private static ObjectNode copyFields(JsonNode value, String operation, boolean lists, Outcome out) {
        if (!value.isObject()) {
            fail(out, operation, lists ? "must be an object of lists" : "must be an object");
            return null;
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String problem = lists && !field.getValue().isArray() ? "must be a list"
                    : Sanitizer.copyInto(copy, field.getKey(), field.getValue(), 1, out);
            if (problem != null) {
                fail(out, operation + "." + field.getKey(), problem);
                return null;
            }
        }
        return copy;
    }

    private static Outcome fail(Outcome out, String field, String message) {
        out.problem = new Problem(field, message, null);
        return out;
    }
}
