package io.stratus.analytics.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratus.analytics.pipeline.EventRow;
import io.stratus.analytics.pipeline.Json;
import io.stratus.analytics.pipeline.ProfileUpdate;
import io.stratus.analytics.project.ProjectTokens;
import io.stratus.analytics.project.ProjectTokens.ProjectKey;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Turns one decoded event into a row or names what is wrong with it (spec §1). Strings are sanitized before
 * acceptance (U+0000 removed, lone surrogates replaced, values cut to 255 chars), so the database never refuses
 * an accepted row.
 */
final class EventValidator {
    /** Where an event came from: each reads its fields from other places and allows other times. */
    enum Flavor { NATIVE, TRACK, IMPORT }

    static final int MAX_EVENT_BYTES = 1_000_000;
    private static final int MAX_PROPERTIES = 254;
    private static final int MAX_KEYS = 254;
    private static final int MAX_ITEMS = 254;
    private static final int MAX_DEPTH = 3;
    private static final int MAX_STRING = 255;
    private static final Pattern INSERT_ID = Pattern.compile("[A-Za-z0-9-]{1,36}");
    private static final BigDecimal SECONDS_LIMIT = new BigDecimal("1e11");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final long FIVE_DAYS_MS = 5L * 24 * 3600 * 1000;
    private static final long ONE_HOUR_MS = 3600L * 1000;
    private static final long IMPORT_EARLIEST_MS = Instant.parse("1971-01-01T00:00:00Z").toEpochMilli();
    private static final Set<String> PLACEHOLDER_IDS = Set.of("anon", "null", "undefined", "0", "-1", "[]", "{}",
            "00000000-0000-0000-0000-000000000000");
    private static final Set<String> MIXPANEL_RESERVED = Set.of("token", "$token", "distinct_id", "time",
            "$insert_id");

    /** A field that makes an event invalid, as the error lists of spec §2-3 report it. */
    record Problem(String field, String message, String insertId) {
    }

    /** The event was at or over 1 MB: the whole request is refused with 413 (spec §1). */
    static final class TooLarge extends Exception {
        TooLarge() {
            super("An event is 1 MB or larger.", null, false, false);
        }
    }

    /** Either {@code row} or {@code problem} is set. */
    static final class Outcome {
        EventRow row;
        ProfileUpdate profileUpdate;
        Problem problem;
        boolean knownToken;
        int truncated;
    }

    private EventValidator() {
    }

    /** The token an event names, before validation (to refresh the token cache once per request). */
    static String tokenOf(JsonNode event, Flavor flavor) {
        if (!event.isObject()) {
            return null;
        }
        JsonNode token = flavor == Flavor.NATIVE ? event.get("token") : tokenNode(event);
        return token != null && token.isTextual() ? token.textValue() : null;
    }

    private static JsonNode tokenNode(JsonNode event) {
        JsonNode properties = event.get("properties");
        JsonNode token = properties != null && properties.isObject() ? properties.get("token") : null;
        if (token == null && properties != null && properties.isObject()) {
            token = properties.get("$token");
        }
        return token != null ? token : event.get("$token");
    }

    /**
     * Validates one event. {@code importProject} is the project /import authenticated; {@code strict} applies the
     * /import strict rules.
     */
    static Outcome validate(JsonNode node, Flavor flavor, ProjectTokens tokens, ProjectKey importProject,
            boolean strict, long nowMillis, boolean measure) throws TooLarge {
        // Only a body of 1 MB or more can hold such an event, so small requests skip the extra serialization.
        if (measure && node.toString().length() >= MAX_EVENT_BYTES) {
            throw new TooLarge();
        }
        Outcome out = new Outcome();
        if (!node.isObject()) {
            out.problem = new Problem("event", "must be a JSON object", null);
            return out;
        }
        JsonNode properties = node.get("properties");
        if (properties != null && !properties.isNull() && !properties.isObject()) {
            out.problem = new Problem("properties", "must be an object", null);
            return out;
        }
        boolean nativeShape = flavor == Flavor.NATIVE;
        JsonNode source = nativeShape ? node : properties;
        JsonNode insertIdNode = field(source, nativeShape ? "insert_id" : "$insert_id");
        String rawInsertId = insertIdNode != null && insertIdNode.isValueNode() ? insertIdNode.asText() : null;

        ProjectKey project;
        String tokenText = tokenOf(node, flavor);
        if (flavor == Flavor.IMPORT) {
            project = importProject;
            out.knownToken = true;
            if (tokenText != null && !tokenText.equals(importProject.token())) {
                return fail(out, "token", "does not match the authenticated project", rawInsertId);
            }
        } else {
            if (tokenText == null) {
                return fail(out, "token", "is required", rawInsertId);
            }
            project = tokens.byToken(tokenText);
            if (project == null) {
                return fail(out, "token", "is not a known project token", rawInsertId);
            }
            out.knownToken = true;
        }

        JsonNode eventNode = node.get("event");
        if (eventNode == null || !eventNode.isTextual()) {
            return fail(out, "event", "is required and must be a string", rawInsertId);
        }
        String event = Sanitizer.clean(eventNode.textValue());
        if (event.isEmpty() || event.length() > 255) {
            return fail(out, "event", "must be 1-255 characters", rawInsertId);
        }

        JsonNode distinctNode = field(source, "distinct_id");
        String distinctId = null;
        if (distinctNode != null && !distinctNode.isNull()) {
            if (!distinctNode.isTextual() && !distinctNode.isNumber()) {
                return fail(out, "distinct_id", "must be a string or a number", rawInsertId);
            }
            distinctId = Sanitizer.clean(distinctNode.isNumber() ? numberText(distinctNode) : distinctNode.textValue());
            if (distinctId.length() > 255) {
                return fail(out, "distinct_id", "must be at most 255 characters", rawInsertId);
            }
            if (distinctId.isEmpty()) {
                distinctId = null;
            }
        }

        String insertId;
        if (insertIdNode == null || insertIdNode.isNull()) {
            insertId = null;
        } else if (insertIdNode.isTextual() && INSERT_ID.matcher(insertIdNode.textValue()).matches()) {
            insertId = insertIdNode.textValue();
        } else {
            return fail(out, nativeShape ? "insert_id" : "$insert_id", "must be 1-36 of [A-Za-z0-9-]", rawInsertId);
        }

        JsonNode timeNode = field(source, "time");
        long timeMillis;
        if (timeNode == null || timeNode.isNull()) {
            if (flavor == Flavor.IMPORT) {
                return fail(out, "time", "is required on /import", rawInsertId);
            }
            timeMillis = nowMillis;
        } else {
            Long parsed = parseTime(timeNode, nativeShape);
            if (parsed == null) {
                return fail(out, "time", "must be a number of seconds or milliseconds"
                        + (nativeShape ? " or an ISO-8601 instant" : ""), rawInsertId);
            }
            timeMillis = parsed;
            long earliest = flavor == Flavor.IMPORT ? IMPORT_EARLIEST_MS : nowMillis - FIVE_DAYS_MS;
            if (timeMillis < earliest || timeMillis > nowMillis + ONE_HOUR_MS) {
                return fail(out, "time", flavor == Flavor.IMPORT
                        ? "must be between 1971-01-01 and one hour from now"
                        : "must be within the last 5 days and at most one hour ahead", rawInsertId);
            }
        }

        if (flavor == Flavor.IMPORT && strict) {
            if (distinctId == null || PLACEHOLDER_IDS.contains(distinctId.toLowerCase())) {
                return fail(out, "distinct_id", "is required and must not be a placeholder in strict mode",
                        rawInsertId);
            }
            if (insertId == null) {
                return fail(out, "$insert_id", "is required in strict mode", rawInsertId);
            }
        }

        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        if (properties != null && properties.isObject()) {
            int count = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!nativeShape && MIXPANEL_RESERVED.contains(field.getKey())) {
                    continue;
                }
                if (++count > MAX_PROPERTIES) {
                    return fail(out, "properties", "must have fewer than 255 properties", rawInsertId);
                }
                String problem = Sanitizer.copyInto(stored, field.getKey(), field.getValue(), 1, out);
                if (problem != null) {
                    return fail(out, "properties." + field.getKey(), problem, rawInsertId);
                }
            }
        }
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            return fail(out, "properties", "could not be encoded", rawInsertId);
        }
        if (json.length() + event.length() + 200 >= MAX_EVENT_BYTES) {
            throw new TooLarge();
        }
        out.row = new EventRow(project.id(), event, distinctId, timeMillis,
                insertId != null ? insertId : randomInsertId(), json, nowMillis);
        return out;
    }

    /**
     * A version-4 UUID from {@link ThreadLocalRandom}: an insert_id only has to be unique, and
     * {@code UUID.randomUUID()} draws from one shared {@code SecureRandom} on every request's hot path.
     */
    static String randomInsertId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static Outcome fail(Outcome out, String field, String message, String insertId) {
        out.problem = new Problem(field, message, insertId);
        return out;
    }

    private static JsonNode field(JsonNode source, String name) {
        return source == null || !source.isObject() ? null : source.get(name);
    }

    private static String numberText(JsonNode number) {
        return number.isIntegralNumber() ? number.bigIntegerValue().toString()
                : number.decimalValue().stripTrailingZeros().toPlainString();
    }

    /**
     * Seconds below 1e11, else milliseconds, converted in decimal and rounded to the nearest ms, so that
     * {@code 1795549019.742} and {@code 1795549019742} are one instant (spec §1).
     */
    static Long parseTime(JsonNode node, boolean allowIso) {
        BigDecimal value;
        if (node.isNumber()) {
            value = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
        } else if (node.isTextual()) {
            String text = node.textValue().trim();
            try {
                value = new BigDecimal(text);
            } catch (NumberFormatException e) {
                if (!allowIso) {
                    return null;
                }
                try {
                    return OffsetDateTime.parse(text).toInstant().toEpochMilli();
                } catch (DateTimeParseException e2) {
                    return null;
                }
            }
        } else {
            return null;
        }
        if (value.abs().compareTo(new BigDecimal("1e16")) > 0) {
            return null;
        }
        BigDecimal millis = value.compareTo(SECONDS_LIMIT) < 0 ? value.multiply(THOUSAND) : value;
        return millis.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Removes U+0000, replaces lone surrogates with U+FFFD, and copies property trees within the limits. */
    static final class Sanitizer {
        private Sanitizer() {
        }

        static String clean(String s) {
            int n = s.length();
            boolean dirty = false;
            for (int i = 0; i < n && !dirty; i++) {
                char c = s.charAt(i);
                dirty = c == 0 || Character.isSurrogate(c);
            }
            if (!dirty) {
                return s;
            }
            StringBuilder b = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c == 0) {
                    continue;
                }
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    b.append(c).append(s.charAt(++i));
                } else if (Character.isSurrogate(c)) {
                    b.append('\uFFFD');
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }

        static String truncate(String s, Outcome out) {
            if (s.length() <= MAX_STRING) {
                return s;
            }
            out.truncated++;
            int end = MAX_STRING;
            if (Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            return s.substring(0, end);
        }

        /** Copies {@code value} under {@code key}; returns what is wrong, or null. */
        static String copyInto(ObjectNode target, String rawKey, JsonNode value, int depth, Outcome out) {
            String key = clean(rawKey);
            if (key.isEmpty() || key.length() > 255) {
                return "keys must be 1-255 characters";
            }
            JsonNode copy = copy(value, depth, out);
            if (copy == null) {
                return "is nested deeper than 3 levels or has 255 or more keys or items";
            }
            target.set(key, copy);
            return null;
        }

        private static JsonNode copy(JsonNode value, int depth, Outcome out) {
            if (value.isTextual()) {
                return JsonNodeFactory.instance.textNode(truncate(clean(value.textValue()), out));
            }
            if (value.isObject()) {
                if (depth > MAX_DEPTH || value.size() > MAX_KEYS) {
                    return null;
                }
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (copyInto(object, field.getKey(), field.getValue(), depth + 1, out) != null) {
                        return null;
                    }
                }
                return object;
            }
            if (value.isArray()) {
                if (depth > MAX_DEPTH || value.size() > MAX_ITEMS) {
                    return null;
                }
                ArrayNode array = JsonNodeFactory.instance.arrayNode(value.size());
                for (JsonNode item : value) {
                    JsonNode copy = copy(item, depth + 1, out);
                    if (copy == null) {
                        return null;
                    }
                    array.add(copy);
                }
                return array;
            }
            return value;
        }
    }
}
