package io.stratus.dashboard.app;

import io.stratus.common.error.ApiException;
import io.stratus.dashboard.account.Account;
import io.stratus.dashboard.account.AccountService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

/**
 * Resolves {@code {app}} (id or name) to an app the caller may see; anything else is the same 404 (spec §4), so
 * that no answer tells a stranger an app exists. Writers lock the app row: that serialises every change of one
 * app, which keeps release versions gapless and formation/config PATCHes free of lost updates.
 */
@ApplicationScoped
public class AppAccess {
    public static final String NOT_FOUND = "Couldn't find that app.";

    private final EntityManager em;
    private final AccountService accounts;

    AppAccess(EntityManager em, AccountService accounts) {
        this.em = em;
        this.accounts = accounts;
    }

    /** An app and who is acting on it. */
    public record Access(App app, Account caller, boolean owner) {
        public void requireOwner() {
            if (!owner) {
                throw ApiException.forbidden("Only the app owner can do that.");
            }
        }
    }

    public Access visible(String ref) {
        return resolve(ref, false);
    }

    public Access forUpdate(String ref) {
        return resolve(ref, true);
    }

    private Access resolve(String ref, boolean lock) {
        Account caller = accounts.current();
        UUID id = AccountService.parseUuid(ref);
        if (id == null) {
            List<UUID> ids = em.createQuery("select a.id from App a where a.name = ?1", UUID.class)
                    .setParameter(1, ref).getResultList();
            if (ids.isEmpty()) {
                throw ApiException.notFound(NOT_FOUND);
            }
            id = ids.get(0);
        }
        App app = lock ? em.find(App.class, id, LockModeType.PESSIMISTIC_WRITE) : em.find(App.class, id);
        if (app == null) {
            throw ApiException.notFound(NOT_FOUND);
        }
        boolean owner = app.ownerId.equals(caller.id);
        if (!owner && !isCollaborator(app.id, caller.id)) {
            throw ApiException.notFound(NOT_FOUND);
        }
        return new Access(app, caller, owner);
    }

    private boolean isCollaborator(UUID appId, UUID accountId) {
        return !em.createQuery("select c.id from Collaborator c where c.appId = ?1 and c.accountId = ?2")
                .setParameter(1, appId).setParameter(2, accountId).setMaxResults(1).getResultList().isEmpty();
    }

    /** Everyone who may see the app now: the live events' recipients. */
    public List<UUID> audience(UUID appId) {
        return em.createQuery("select c.accountId from Collaborator c where c.appId = ?1 order by c.createdAt",
                UUID.class).setParameter(1, appId).getResultList();
    }
}
