package io.stratus.dashboard.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Writes a live event inside the changing transaction: an outbox row (for {@code ?since=} resume). At commit a
 * deferred trigger gives it its id, in commit order across all apps, and sends the {@code pg_notify} that
 * PostgreSQL delivers to every instance's listener; a rollback sends nothing (spec §5; migration
 * V20261126_0020).
 */
@ApplicationScoped
public class LiveEvents {
    public static final String CHANNEL = "stratus_dashboard_events";

    private final EntityManager em;
    private final ObjectMapper json;

    LiveEvents(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    public void publish(UUID appId, List<UUID> audience, String resource, String action, Object data) {
        ObjectNode frame = json.createObjectNode();
        frame.put("type", "event");
        frame.put("resource", resource);
        frame.put("action", action);
        frame.set("data", json.valueToTree(data));
        frame.put("at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        em.createNativeQuery("insert into dashboard.events (app_id, audience, frame) values (?1, cast(?2 as jsonb),"
                        + " cast(?3 as jsonb))")
                .setParameter(1, appId).setParameter(2, write(audience)).setParameter(3, write(frame))
                .executeUpdate();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Live event is not serialisable", e);
        }
    }
}
