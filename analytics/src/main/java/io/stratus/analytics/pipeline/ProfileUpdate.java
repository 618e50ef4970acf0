package io.stratus.analytics.pipeline;

import java.util.UUID;

/** One /engage operation ({@code $set}, {@code $add}, ...) with its JSON value, applied in acceptance order. */
public record ProfileUpdate(UUID projectId, String distinctId, String operation, String valueJson)
        implements QueueItem {

    @Override
    public int bytes() {
        return OVERHEAD_BYTES + distinctId.length() + valueJson.length();
    }
}
