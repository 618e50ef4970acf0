package io.stratus.analytics.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A stored event as the query API lists it. */
public record EventResponse(long id, String event, @JsonProperty("distinct_id") String distinctId, Instant time,
        @JsonProperty("insert_id") String insertId, JsonNode properties,
        @JsonProperty("received_at") Instant receivedAt) {
}
