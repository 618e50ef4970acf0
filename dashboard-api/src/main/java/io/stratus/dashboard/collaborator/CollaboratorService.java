package io.stratus.dashboard.collaborator;

import io.stratus.common.error.ApiException;
import io.stratus.dashboard.account.Account;
import io.stratus.dashboard.account.AccountService;
import io.stratus.dashboard.app.App;
import io.stratus.dashboard.app.AppAccess;
import io.stratus.dashboard.live.LiveEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Owner and collaborators see and change the app; only the owner manages access; anyone may leave (spec §4). */
@ApplicationScoped
public class CollaboratorService {
    private final EntityManager em;
    private final AppAccess access;
    private final AccountService accounts;
    private final LiveEvents live;

    CollaboratorService(EntityManager em, AppAccess access, AccountService accounts, LiveEvents live) {
        this.em = em;
        this.access = access;
        this.accounts = accounts;
        this.live = live;
    }

    @Transactional
    public List<CollaboratorResponse> list(String appRef) {
        App app = access.visible(appRef).app();
        return em.createQuery("select c, a from Collaborator c, Account a where a.id = c.accountId and c.appId = ?1"
                        + " order by c.createdAt, c.id", Object[].class)
                .setParameter(1, app.id).getResultStream()
                .map(row -> CollaboratorResponse.of((Collaborator) row[0], app, (Account) row[1])).toList();
    }

    @Transactional
    public CollaboratorResponse get(String appRef, String ref) {
        App app = access.visible(appRef).app();
        Collaborator c = find(app, ref);
        return CollaboratorResponse.of(c, app, em.find(Account.class, c.accountId));
    }

    @Transactional
    public CollaboratorResponse add(String appRef, String user) {
        AppAccess.Access a = access.forUpdate(appRef);
        a.requireOwner();
        Account account = accounts.findOrInvite(user.trim());
        boolean exists = !em.createQuery("select c.id from Collaborator c where c.appId = ?1 and c.accountId = ?2")
                .setParameter(1, a.app().id).setParameter(2, account.id).getResultList().isEmpty();
        if (exists) {
            throw ApiException.invalid(account.email + " is already a collaborator on this app.");
        }
        Instant now = Instant.now();
        Collaborator c = new Collaborator();
        c.id = UUID.randomUUID();
        c.appId = a.app().id;
        c.accountId = account.id;
        c.role = Collaborator.COLLABORATOR;
        c.createdAt = now;
        c.updatedAt = now;
        em.persist(c);
        em.flush();
        CollaboratorResponse response = CollaboratorResponse.of(c, a.app(), account);
        live.publish(a.app().id, access.audience(a.app().id), "collaborator", "create", response);
        return response;
    }

    @Transactional
    public CollaboratorResponse remove(String appRef, String ref) {
        AppAccess.Access a = access.forUpdate(appRef);
        Collaborator c = find(a.app(), ref);
        if (!a.owner() && !c.accountId.equals(a.caller().id)) {
            throw ApiException.forbidden("Only the app owner can manage collaborators.");
        }
        if (Collaborator.OWNER.equals(c.role)) {
            throw ApiException.invalid("The owner cannot be removed from the app.");
        }
        CollaboratorResponse response = CollaboratorResponse.of(c, a.app(), em.find(Account.class, c.accountId));
        // Published before the removal so that the removed user also learns it lost the app.
        live.publish(a.app().id, access.audience(a.app().id), "collaborator", "destroy", response);
        em.remove(c);
        return response;
    }

    private Collaborator find(App app, String ref) {
        UUID id = AccountService.parseUuid(ref);
        List<Collaborator> found = id != null
                ? em.createQuery("select c from Collaborator c where c.appId = ?1 and (c.id = ?2 or c.accountId = ?2)",
                        Collaborator.class).setParameter(1, app.id).setParameter(2, id).getResultList()
                : em.createQuery("select c from Collaborator c, Account a where a.id = c.accountId and c.appId = ?1"
                        + " and lower(a.email) = ?2", Collaborator.class)
                        .setParameter(1, app.id).setParameter(2, ref.toLowerCase(Locale.ROOT)).getResultList();
        if (found.isEmpty()) {
            throw ApiException.notFound("Couldn't find that collaborator.");
        }
        return found.get(0);
    }
}
