package io.stratus.dashboard.release;

import io.stratus.common.error.ApiException;
import io.stratus.common.paging.Page;
import io.stratus.common.paging.Range;
import io.stratus.dashboard.account.Account;
import io.stratus.dashboard.account.AccountService;
import io.stratus.dashboard.app.App;
import io.stratus.dashboard.app.AppAccess;
import io.stratus.dashboard.app.AppRef;
import io.stratus.dashboard.live.LiveEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Releases: gapless versions per app (the caller holds the app row lock), each with its full config map. */
@ApplicationScoped
public class ReleaseService {
    public static final List<String> RANGE_FIELDS = List.of("version", "id");

    private final EntityManager em;
    private final AppAccess access;
    private final LiveEvents live;

    ReleaseService(EntityManager em, AppAccess access, LiveEvents live) {
        this.em = em;
        this.access = access;
        this.live = live;
    }

    /** Creates the next release; the app row must be locked by the caller's transaction. */
    public Release create(App app, Account user, String description, Map<String, String> config) {
        Integer max = em.createQuery("select max(r.version) from Release r where r.appId = ?1", Integer.class)
                .setParameter(1, app.id).getSingleResult();
        Release release = new Release();
        release.id = UUID.randomUUID();
        release.appId = app.id;
        release.version = max == null ? 1 : max + 1;
        release.description = description;
        release.userId = user.id;
        release.userEmail = user.email;
        release.config = new TreeMap<>(config);
        release.createdAt = Instant.now();
        em.persist(release);
        app.releasedAt = release.createdAt;
        live.publish(app.id, access.audience(app.id), "release", "create",
                ReleaseResponse.of(release, app, release.version));
        return release;
    }

    public Release latest(UUID appId) {
        return em.createQuery("select r from Release r where r.appId = ?1 order by r.version desc", Release.class)
                .setParameter(1, appId).setMaxResults(1).getSingleResult();
    }

    public Map<String, String> currentConfig(UUID appId) {
        return new LinkedHashMap<>(latest(appId).config);
    }

    @Transactional
    public Page<ReleaseResponse> list(String appRef, Range range) {
        App app = access.visible(appRef).app();
        String field = range.field().equals("id") ? "r.id" : "r.version";
        StringBuilder jpql = new StringBuilder("select r from Release r where r.appId = :app");
        Object start = null;
        Object end = null;
        if (range.start() != null) {
            start = bound(range.field(), range.start());
            String op = range.descending() ? (range.startExclusive() ? "<" : "<=")
                    : (range.startExclusive() ? ">" : ">=");
            jpql.append(" and ").append(field).append(' ').append(op).append(" :start");
        }
        if (range.end() != null) {
            end = bound(range.field(), range.end());
            jpql.append(" and ").append(field).append(range.descending() ? " >= :end" : " <= :end");
        }
        jpql.append(" order by ").append(field).append(range.descending() ? " desc" : " asc");
        TypedQuery<Release> query = em.createQuery(jpql.toString(), Release.class).setParameter("app", app.id);
        if (start != null) {
            query.setParameter("start", start);
        }
        if (end != null) {
            query.setParameter("end", end);
        }
        List<Release> rows = query.setMaxResults(range.max() + 1).getResultList();
        int current = latest(app.id).version;
        List<ReleaseResponse> responses = rows.stream().map(r -> ReleaseResponse.of(r, app, current)).toList();
        return Page.of(responses, range, r -> range.field().equals("id") ? r.id().toString()
                : Integer.toString(r.version()));
    }

    private static Object bound(String field, String value) {
        try {
            return field.equals("id") ? UUID.fromString(value) : Integer.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(416, "requested_range_not_satisfiable", "Range bound '" + value
                    + "' is not a valid " + field + ".");
        }
    }

    @Transactional
    public ReleaseResponse get(String appRef, String release) {
        App app = access.visible(appRef).app();
        return ReleaseResponse.of(find(app, release), app, latest(app.id).version);
    }

    @Transactional
    public Map<String, String> configOf(String appRef, String release) {
        App app = access.visible(appRef).app();
        return new TreeMap<>(find(app, release).config);
    }

    /** Rollback: a new release {@code max+1} whose config is the target's (spec §4). */
    @Transactional
    public ReleaseResponse rollback(String appRef, String target) {
        AppAccess.Access a = access.forUpdate(appRef);
        if (target == null || target.isBlank()) {
            throw ApiException.invalid("release is required.");
        }
        Release from = find(a.app(), target);
        Map<String, String> before = currentConfig(a.app().id);
        Release created = create(a.app(), a.caller(), "Rollback to v" + from.version, from.config);
        publishConfigChange(a.app(), before, from.config, created);
        return ReleaseResponse.of(created, a.app(), created.version);
    }

    /** The live {@code config-vars} event: names only, never values (spec §5). */
    public void publishConfigChange(App app, Map<String, String> before, Map<String, String> after,
                                    Release release) {
        List<String> set = after.entrySet().stream()
                .filter(e -> !e.getValue().equals(before.get(e.getKey()))).map(Map.Entry::getKey).sorted().toList();
        List<String> removed = before.keySet().stream().filter(k -> !after.containsKey(k)).sorted().toList();
        if (set.isEmpty() && removed.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("app", AppRef.of(app));
        data.put("set", set);
        data.put("removed", removed);
        data.put("release", Map.of("id", release.id, "version", release.version));
        live.publish(app.id, access.audience(app.id), "config-vars", "update", data);
    }

    private Release find(App app, String ref) {
        UUID id = AccountService.parseUuid(ref);
        List<Release> found;
        if (id != null) {
            found = em.createQuery("select r from Release r where r.appId = ?1 and r.id = ?2", Release.class)
                    .setParameter(1, app.id).setParameter(2, id).getResultList();
        } else {
            int version;
            try {
                version = Integer.parseInt(ref.startsWith("v") ? ref.substring(1) : ref);
            } catch (NumberFormatException e) {
                throw ApiException.notFound("Couldn't find that release.");
            }
            found = em.createQuery("select r from Release r where r.appId = ?1 and r.version = ?2", Release.class)
                    .setParameter(1, app.id).setParameter(2, version).getResultList();
        }
        if (found.isEmpty()) {
            throw ApiException.notFound("Couldn't find that release.");
        }
        return found.get(0);
    }
}
