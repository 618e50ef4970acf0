package io.stratus.analytics.pipeline;

import java.util.UUID;

/**
 * A validated event, ready for INSERT: {@code propertiesJson} is already sanitized JSON text, {@code distinctId}
 * is null for an anonymous event.
 */
public record EventRow(UUID projectId, String event, String distinctId, long timeMillis, String insertId,
        String propertiesJson, long receivedAtMillis) implements QueueItem {

    // Object headers, the UUID and two longs, rounded up; measured per row this is within 20% of the heap use.
    private static final int OVERHEAD = 160;

    @Override
    public int bytes() {
        return OVERHEAD + event.length() + insertId.length() + propertiesJson.length()
                + (distinctId == null ? 0 : distinctId.length());
    }
}
