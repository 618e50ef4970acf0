package io.stratus.analytics.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The /engage operations on a profile's properties (spec §3), applied by the writer in acceptance order. */
public final class ProfileOperations {
    /** What /engage accepts (spec §3), list operations included. */
    public static final Set<String> SUPPORTED = Set.of("$set", "$set_once", "$unset", "$add", "$delete", "$union",
            "$append", "$remove");

    private ProfileOperations() {
    }

    static ObjectNode apply(ObjectNode current, String operation, JsonNode value) {
        switch (operation) {
            case "$set" -> current.setAll((ObjectNode) value);
            case "$set_once" -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!current.has(field.getKey())) {
                        current.set(field.getKey(), field.getValue());
                    }
                }
            }
            case "$unset" -> value.forEach(name -> current.remove(name.asText()));
            case "$add" -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    JsonNode before = current.get(field.getKey());
                    BigDecimal base = before != null && before.isNumber() ? before.decimalValue() : BigDecimal.ZERO;
                    current.put(field.getKey(), base.add(field.getValue().decimalValue()));
                }
            }
            // As Mixpanel: a missing or non-list property becomes a list; $union adds the values it lacks.
            case "$union" -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    ArrayNode list = listOf(current, field.getKey());
                    for (JsonNode item : field.getValue()) {
                        if (!contains(list, item)) {
                            list.add(item);
                        }
                    }
                }
            }
            case "$append" -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    listOf(current, field.getKey()).add(field.getValue());
                }
            }
            // Removes every occurrence; a property that is not a list is left alone.
            case "$remove" -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (current.get(field.getKey()) instanceof ArrayNode list) {
                        for (int i = list.size() - 1; i >= 0; i--) {
                            if (list.get(i).equals(field.getValue())) {
                                list.remove(i);
                            }
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException("Unsupported profile operation " + operation);
        }
        return current;
    }

    private static ArrayNode listOf(ObjectNode profile, String name) {
        JsonNode existing = profile.get(name);
        if (existing instanceof ArrayNode list) {
            return list;
        }
        return profile.putArray(name);
    }

    private static boolean contains(ArrayNode list, JsonNode item) {
        for (JsonNode existing : list) {
            if (existing.equals(item)) {
                return true;
            }
        }
        return false;
    }
}
