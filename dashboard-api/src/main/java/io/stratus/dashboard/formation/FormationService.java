package io.stratus.dashboard.formation;

import io.stratus.common.error.ApiException;
import io.stratus.dashboard.api.AppDeleted;
import io.stratus.dashboard.api.FormationScaled;
import io.stratus.dashboard.app.App;
import io.stratus.dashboard.app.AppAccess;
import io.stratus.dashboard.catalog.Catalog;
import io.stratus.dashboard.live.LiveEvents;
import io.stratus.dashboard.standing.Licensing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
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
    private final Licensing licensing;
    private final Clock clock;

    FormationService(EntityManager em, AppAccess access, LiveEvents live, Event<FormationScaled> scaled,
                     Licensing licensing, Clock clock) {
        this.em = em;
        this.access = access;
        this.live = live;
        this.scaled = scaled;
        this.licensing = licensing;
        this.clock = clock;
    }

    /** A process type's quantity and size after an update. */
    private record Target(int quantity, String size) {
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

    /** All or nothing: every update, entitlements included, is checked before any is applied (spec §3). */
    @Transactional
    public List<FormationResponse> update(String appRef, List<UpdateFormationRequest> updates) {
        AppAccess.Access a = lockForScaling(appRef);
        List<Formation> formations = of(a.app().id);
        Map<Formation, Target> planned = new LinkedHashMap<>();
        for (UpdateFormationRequest update : updates) {
            if (update.type() == null || update.type().isBlank()) {
                throw ApiException.invalid("type is required for each update.");
            }
            Formation formation = find(formations, update.type());
            planned.put(formation, target(formation, update));
        }
        planned.forEach((formation, target) -> check(a.app(), formation, target));
        Instant at = clock.instant();
        List<Formation> changed = new ArrayList<>();
        planned.forEach((formation, target) -> {
            if (set(a.app(), formation, target.quantity(), target.size(), at)) {
                changed.add(formation);
            }
        });
        publish(a.app(), changed);
        return formations.stream().map(f -> FormationResponse.of(f, a.app())).toList();
    }

    @Transactional
    public FormationResponse update(String appRef, String type, UpdateFormationRequest update) {
        AppAccess.Access a = lockForScaling(appRef);
        Formation formation = find(of(a.app().id), type);
        Target target = target(formation, update);
        check(a.app(), formation, target);
        if (set(a.app(), formation, target.quantity(), target.size(), clock.instant())) {
            publish(a.app(), List.of(formation));
        }
        return FormationResponse.of(formation, a.app());
    }

    /** The owner's account row, then the app row: {@link Licensing}'s lock order. */
    private AppAccess.Access lockForScaling(String appRef) {
        licensing.lockAccount(access.visible(appRef).app().ownerId);
        return access.forUpdate(appRef);
    }

    /** Every running process type to 0, then {@link AppDeleted}, all at one instant (spec §6). */
    public void scaleDownForDeletion(App app, Instant at) {
        for (Formation f : of(app.id)) {
            if (f.quantity > 0) {
                scaled.fire(new FormationScaled(app.id, app.ownerId, f.type, f.size, f.quantity, 0, at));
            }
        }
    }

    private static Target target(Formation f, UpdateFormationRequest update) {
        int quantity = update.quantity() == null ? f.quantity : quantity(f.quantity, update.quantity());
        String size = f.size;
        String requested = update.size() != null ? update.size()
                : update.dynoSize() == null ? null
                : update.dynoSize().name() != null ? update.dynoSize().name() : update.dynoSize().id();
        if (requested != null) {
            size = Catalog.size(requested).orElseThrow(() -> ApiException.invalid("Unknown dyno size '" + requested
                    + "'. Sizes: " + String.join(", ", Catalog.SIZES) + "."));
        }
        return new Target(quantity, size);
    }

    private void check(App app, Formation f, Target target) {
        if (target.quantity() != f.quantity || !target.size().equals(f.size)) {
            licensing.requireScale(app.ownerId, f.type, f.size, f.quantity, target.size(), target.quantity());
        }
    }

    /**
     * Sets one process type and fires its {@link FormationScaled} events; the caller holds the app row lock, has
     * checked entitlements where they apply, and calls {@link #publish} with what changed.
     *
     * @return whether anything changed
     */
    public boolean set(App app, Formation f, int quantity, String size, Instant at) {
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

    /** One live frame per changed process type, to everyone who may see the app now. */
    public void publish(App app, List<Formation> changed) {
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
