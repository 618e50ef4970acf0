package io.stratus.dashboard.app;

import io.stratus.common.error.ApiException;
import io.stratus.common.paging.Page;
import io.stratus.common.paging.Range;
import io.stratus.dashboard.DashboardConfig;
import io.stratus.dashboard.account.Account;
import io.stratus.dashboard.account.AccountService;
import io.stratus.dashboard.api.AppDeleted;
import io.stratus.dashboard.catalog.Catalog;
import io.stratus.dashboard.collaborator.Collaborator;
import io.stratus.dashboard.formation.FormationService;
import io.stratus.dashboard.live.LiveEvents;
import io.stratus.dashboard.release.ReleaseService;
import io.stratus.dashboard.standing.Licensing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class AppService {
    public static final List<String> RANGE_FIELDS = List.of("id", "name", "updated_at");

    private final EntityManager em;
    private final AppAccess access;
    private final AccountService accounts;
    private final ReleaseService releases;
    private final FormationService formations;
    private final LiveEvents live;
    private final Event<AppDeleted> deleted;
    private final DashboardConfig config;
    private final Licensing licensing;
    private final Clock clock;

    AppService(EntityManager em, AppAccess access, AccountService accounts, ReleaseService releases,
               FormationService formations, LiveEvents live, Event<AppDeleted> deleted, DashboardConfig config,
               Licensing licensing, Clock clock) {
        this.em = em;
        this.access = access;
        this.accounts = accounts;
        this.releases = releases;
        this.formations = formations;
        this.live = live;
        this.deleted = deleted;
        this.config = config;
        this.licensing = licensing;
        this.clock = clock;
    }

    /**
     * One transaction: app, owner collaborator, release v1 and a {@code web} formation at 0 (spec §4). The owner's
     * account row is locked before the apps are counted, so concurrent creates cannot both pass the app limit.
     */
    @Transactional
    public AppResponse create(CreateAppRequest request) {
        Account owner = accounts.current();
        licensing.lockAccount(owner.id);
        long owned = em.createQuery("select count(a) from App a where a.ownerId = ?1", Long.class)
                .setParameter(1, owner.id).getSingleResult();
        licensing.requireCreateApp(owner.id, (int) owned);
        String region = request.region() == null ? Catalog.DEFAULT_REGION
                : Catalog.find("region", Catalog.REGIONS, request.region())
                        .orElseThrow(() -> ApiException.invalid("Unknown region '" + request.region() + "'."));
        String stack = request.stack() == null ? Catalog.DEFAULT_STACK
                : Catalog.find("stack", Catalog.STACKS, request.stack())
                        .orElseThrow(() -> ApiException.invalid("Unknown stack '" + request.stack() + "'."));
        String name = request.name() == null ? freeName() : request.name();
        checkName(name);
        Instant now = clock.instant();
        App app = new App();
        app.id = UUID.randomUUID();
        app.name = name;
        app.ownerId = owner.id;
        app.region = region;
        app.stack = stack;
        app.buildStack = stack;
        app.createdAt = now;
        app.updatedAt = now;
        em.persist(app);
        Collaborator collaborator = new Collaborator();
        collaborator.id = UUID.randomUUID();
        collaborator.appId = app.id;
        collaborator.accountId = owner.id;
        collaborator.role = Collaborator.OWNER;
        collaborator.createdAt = now;
        collaborator.updatedAt = now;
        em.persist(collaborator);
        formations.create(app, "web", now);
        em.flush();
        AppResponse response = AppResponse.of(app, owner.email, config);
        live.publish(app.id, List.of(owner.id), "app", "create", response);
        releases.create(app, owner, "Initial release", Map.of());
        return AppResponse.of(app, owner.email, config);
    }

    @Transactional
    public Page<AppResponse> list(Range range) {
        Account caller = accounts.current();
        String field = switch (range.field()) {
            case "name" -> "a.name";
            case "updated_at" -> "a.updatedAt";
            default -> "a.id";
        };
        StringBuilder jpql = new StringBuilder("select a from App a where a.id in"
                + " (select c.appId from Collaborator c where c.accountId = :me)");
        Object start = range.start() == null ? null : bound(range.field(), range.start());
        Object end = range.end() == null ? null : bound(range.field(), range.end());
        if (start != null) {
            String op = range.descending() ? (range.startExclusive() ? "<" : "<=")
                    : (range.startExclusive() ? ">" : ">=");
            jpql.append(" and ").append(field).append(' ').append(op).append(" :start");
        }
        if (end != null) {
            jpql.append(" and ").append(field).append(range.descending() ? " >= :end" : " <= :end");
        }
        String direction = range.descending() ? " desc" : " asc";
        jpql.append(" order by ").append(field).append(direction).append(", a.id").append(direction);
        TypedQuery<App> query = em.createQuery(jpql.toString(), App.class).setParameter("me", caller.id);
        if (start != null) {
            query.setParameter("start", start);
        }
        if (end != null) {
            query.setParameter("end", end);
        }
        List<App> apps = query.setMaxResults(range.max() + 1).getResultList();
        Map<UUID, String> emails = ownerEmails(apps);
        Function<App, String> key = switch (range.field()) {
            case "name" -> a -> a.name;
            case "updated_at" -> a -> a.updatedAt.toString();
            default -> a -> a.id.toString();
        };
        Page<App> page = Page.of(apps, range, key);
        return new Page<>(page.items().stream().map(a -> AppResponse.of(a, emails.get(a.ownerId), config)).toList(),
                page.nextRange());
    }

    @Transactional
    public AppResponse get(String ref) {
        return response(access.visible(ref).app());
    }

    @Transactional
    public AppResponse update(String ref, UpdateAppRequest request) {
        AppAccess.Access a = access.forUpdate(ref);
        App app = a.app();
        boolean changed = false;
        if (request.name() != null && !request.name().equals(app.name)) {
            a.requireOwner();
            checkName(request.name());
            app.name = request.name();
            changed = true;
        }
        if (request.maintenance() != null && request.maintenance() != app.maintenance) {
            app.maintenance = request.maintenance();
            changed = true;
        }
        if (request.buildStack() != null) {
            String stack = Catalog.find("stack", Catalog.STACKS, request.buildStack())
                    .orElseThrow(() -> ApiException.invalid("Unknown stack '" + request.buildStack() + "'."));
            changed |= !stack.equals(app.buildStack);
            app.buildStack = stack;
        }
        AppResponse response;
        if (changed) {
            app.updatedAt = Instant.now();
            em.flush();
            response = response(app);
            live.publish(app.id, access.audience(app.id), "app", "update", response);
        } else {
            response = response(app);
        }
        return response;
    }

    /** Owner only: formation to 0 and {@link AppDeleted} at one instant, then the rows go (spec §6). */
    @Transactional
    public AppResponse delete(String ref) {
        AppAccess.Access a = access.forUpdate(ref);
        a.requireOwner();
        App app = a.app();
        AppResponse response = response(app);
        Instant at = clock.instant();
        formations.scaleDownForDeletion(app, at);
        deleted.fire(new AppDeleted(app.id, app.ownerId, app.name, at));
        live.publish(app.id, access.audience(app.id), "app", "destroy", response);
        em.remove(app);
        em.flush();
        return response;
    }

    private AppResponse response(App app) {
        Account owner = em.find(Account.class, app.ownerId);
        return AppResponse.of(app, owner == null ? null : owner.email, config);
    }

    private Map<UUID, String> ownerEmails(List<App> apps) {
        List<UUID> ids = apps.stream().map(a -> a.ownerId).distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select a from Account a where a.id in :ids", Account.class).setParameter("ids", ids)
                .getResultStream().collect(Collectors.toMap(a -> a.id, a -> a.email));
    }

    private void checkName(String name) {
        if (!AppNames.valid(name)) {
            throw ApiException.invalid("Name must start with a letter, end with a letter or digit, and use only"
                    + " lowercase letters, digits and dashes (3 to 30 characters).");
        }
        if (!em.createQuery("select a.id from App a where a.name = ?1").setParameter(1, name).setMaxResults(1)
                .getResultList().isEmpty()) {
            throw ApiException.invalid("Name is already taken");
        }
    }

    private String freeName() {
        for (int i = 0; i < 20; i++) {
            String name = AppNames.generate();
            if (em.createQuery("select a.id from App a where a.name = ?1").setParameter(1, name).getResultList()
                    .isEmpty()) {
                return name;
            }
        }
        throw ApiException.unavailable("Could not pick a free app name; retry.", 1);
    }

    private static Object bound(String field, String value) {
        try {
            return switch (field) {
                case "id" -> UUID.fromString(value);
                case "updated_at" -> Instant.parse(value);
                default -> value;
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ApiException(416, "requested_range_not_satisfiable", "Range bound '" + value
                    + "' is not a valid " + field + ".");
        }
    }
}
