package io.stratus.dashboard.formation;

import io.stratus.common.error.ApiException;
import io.stratus.dashboard.api.AppDeleted;
import io.stratus.dashboard.api.FormationScaled;
import io.stratus.dashboard.app.App;
import io.stratus.dashboard.app.AppAccess;
import io.stratus.dashboard.catalog.Catalog;
import io.stratus.dashboard.live.LiveEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Formation: quantity and size per process type; fires {@link FormationScaled} in the changing transaction. */
@ApplicationScoped
public class FormationService {
    static final int MAX_QUANTITY = 100;

    private final EntityManager em;
    private final AppAccess access;
    private final LiveEvents live;
    private final Event<FormationScaled> scaled;

    FormationService(EntityManager em, AppAccess access, LiveEvents live, Event<FormationScaled> scaled) {
        this.em = em;
        this.access = access;
        this.live = live;
        this.scaled = scaled;
    }

    public Formation create(App app, String type, Instant at) {
        Formation f = new Formation();
        f.id = UUID.randomUUID();
        f.appId = app.id;
        f.type = type;
        f.command = type.equals("web") ? "npm start" : type;
        f.quantity = 0;
        f.size = Catalog.DEFAULT_SIZE;
        f.createdAt = at;
        f.updatedAt = at;
        em.persist(f);
        return f;
    }

    public List<Formation> of(UUID appId) {
        return em.createQuery("select f from Formation f where f.appId = ?1 order by f.type", Formation.class)
                .setParameter(1, appId).getResultList();
    }

    @Transactional
    public List<FormationResponse> list(String appRef) {
        App app = access.visible(appRef).app();
        return of(app.id).stream().map(f -> FormationResponse.of(f, app)).toList();
    }

    @Transactional
    public FormationResponse get(String appRef, String type) {
        App app = access.visible(appRef).app();
        return FormationResponse.of(find(of(app.id), type), app);
    }

    /** All or nothing: every update is checked before any is applied (spec §3). */
    @Transactional
    public List<FormationResponse> update(String appRef, List<UpdateFormationRequest> updates) {
        AppAccess.Access a = access.forUpdate(appRef);
        List<Formation> formations = of(a.app().id);
        Map<Formation, UpdateFormationRequest> planned = new LinkedHashMap<>();
        for (UpdateFormationRequest update : updates) {
            if (update.type() == null || update.type().isBlank()) {
                throw ApiException.invalid("type is required for each update.");
            }
            planned.put(find(formations, update.type()), update);
        }
        Instant at = Instant.now();
        List<Formation> changed = new ArrayList<>();
        for (var entry : planned.entrySet()) {
            if (apply(a.app(), entry.getKey(), entry.getValue(), at)) {
                changed.add(entry.getKey());
            }
        }
        publish(a.app(), changed);
        return formations.stream().map(f -> FormationResponse.of(f, a.app())).toList();
    }

    @Transactional
    public FormationResponse update(String appRef, String type, UpdateFormationRequest update) {
        AppAccess.Access a = access.forUpdate(appRef);
        Formation formation = find(of(a.app().id), type);
        if (apply(a.app(), formation, update, Instant.now())) {
            publish(a.app(), List.of(formation));
        }
        return FormationResponse.of(formation, a.app());
    }

    /** Every running process type to 0, then {@link AppDeleted}, all at one instant (spec §6). */
    public void scaleDownForDeletion(App app, Instant at) {
        for (Formation f : of(app.id)) {
            if (f.quantity > 0) {
                scaled.fire(new FormationScaled(app.id, app.ownerId, f.type, f.size, f.quantity, 0, at));
            }
        }
    }

    private boolean apply(App app, Formation f, UpdateFormationRequest update, Instant at) {
        int quantity = update.quantity() == null ? f.quantity : quantity(f.quantity, update.quantity());
        String size = f.size;
        String requested = update.size() != null ? update.size()
                : update.dynoSize() == null ? null
                : update.dynoSize().name() != null ? update.dynoSize().name() : update.dynoSize().id();
        if (requested != null) {
            size = Catalog.size(requested).orElseThrow(() -> ApiException.invalid("Unknown dyno size '" + requested
                    + "'. Sizes: " + String.join(", ", Catalog.SIZES) + "."));
        }
        if (quantity == f.quantity && size.equals(f.size)) {
            return false;
        }
        if (!size.equals(f.size) && f.quantity > 0) {
            scaled.fire(new FormationScaled(app.id, app.ownerId, f.type, f.size, f.quantity, 0, at));
            if (quantity > 0) {
                scaled.fire(new FormationScaled(app.id, app.ownerId, f.type, size, 0, quantity, at));
            }
        } else {
            scaled.fire(new FormationScaled(app.id, app.ownerId, f.type, size, f.quantity, quantity, at));
        }
        f.quantity = quantity;
        f.size = size;
        f.updatedAt = at;
        return true;
    }

    private void publish(App app, List<Formation> changed) {
        if (changed.isEmpty()) {
            return;
        }
        em.flush();
        List<UUID> audience = access.audience(app.id);
        for (Formation f : changed) {
            live.publish(app.id, audience, "formation", "update", FormationResponse.of(f, app));
        }
    }

    static int quantity(int current, String raw) {
        String text = raw.trim();
        boolean relative = text.startsWith("+") || text.startsWith("-");
        long value;
        try {
            value = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("quantity must be a whole number, optionally prefixed + or -.");
        }
        long result = relative ? current + value : value;
        if (result < 0 || result > MAX_QUANTITY) {
            throw ApiException.invalid("quantity must end between 0 and " + MAX_QUANTITY + "; it would be "
                    + result + ".");
        }
        return (int) result;
    }

    static Formation find(List<Formation> formations, String type) {
        return formations.stream().filter(f -> f.type.equals(type)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Couldn't find that process type (" + type + ")."));
    }
}
