package io.stratus.analytics.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The /engage operations on a profile's properties (spec §3), applied by the writer in acceptance order. */
public final class ProfileOperations {
    /** What /engage accepts; {@code $union}, {@code $append}, {@code $remove} are refused until built. */
    public static final Set<String> SUPPORTED = Set.of("$set", "$set_once", "$unset", "$add", "$delete");

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
            default -> throw new IllegalArgumentException("Unsupported profile operation " + operation);
        }
        return current;
    }
}
