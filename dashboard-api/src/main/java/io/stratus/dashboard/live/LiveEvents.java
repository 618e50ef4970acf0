package io.stratus.dashboard.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Writes a live event inside the changing transaction: an outbox row (for {@code ?since=} resume) and a
 * {@code pg_notify}, which PostgreSQL delivers to every instance's listener at commit, in commit order, and drops
 * on rollback (spec §5). Callers hold the app row lock, so ids of one app increase in commit order.
 */
@ApplicationScoped
public class LiveEvents {
    public static final String CHANNEL = "stratus_dashboard_events";
    // NOTIFY payloads must stay under 8000 bytes; a bigger one carries only the outbox id.
    static final int MAX_PAYLOAD = 7900;

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
        long id = ((Number) em.createNativeQuery("select nextval('dashboard.events_id_seq')").getSingleResult())
                .longValue();
        String audienceJson = write(audience);
        String frameJson = write(frame);
        em.createNativeQuery("insert into dashboard.events (id, app_id, audience, frame) values (?1, ?2,"
                        + " cast(?3 as jsonb), cast(?4 as jsonb))")
                .setParameter(1, id).setParameter(2, appId).setParameter(3, audienceJson).setParameter(4, frameJson)
                .executeUpdate();
        String payload = "{\"id\":" + id + ",\"app\":\"" + appId + "\",\"audience\":" + audienceJson
                + ",\"frame\":" + frameJson + "}";
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
            payload = "{\"id\":" + id + "}";
        }
        em.createNativeQuery("select pg_notify(?1, ?2)").setParameter(1, CHANNEL).setParameter(2, payload)
                .getSingleResult();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Live event is not serialisable", e);
        }
    }
}
