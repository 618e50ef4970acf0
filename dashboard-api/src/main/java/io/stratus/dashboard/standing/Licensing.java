package io.stratus.dashboard.standing;

import io.stratus.common.error.ApiException;
import io.stratus.dashboard.api.Entitlements;
import io.stratus.dashboard.api.Entitlements.Decision;
import io.stratus.dashboard.api.Entitlements.Standing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import java.util.UUID;

/**
 * Where dashboard-api asks {@link Entitlements} (issue 12). Without an implementation (dashboard-api alone)
 * everything is allowed. A refusal becomes an {@link ApiException} with the decision's status, id and message,
 * thrown before anything is changed, so the transaction rolls back with nothing done.
 *
 * <p>Lock order: the owner's account row ({@link #lockAccount}), then app rows. App creation, scaling, one-off
 * dynos, suspension and restore all follow it, so they cannot deadlock one another.
 */
@ApplicationScoped
public class Licensing {
    private final Instance<Entitlements> entitlements;
    private final EntityManager em;

    Licensing(Instance<Entitlements> entitlements, EntityManager em) {
        this.entitlements = entitlements;
        this.em = em;
    }

    /**
     * Locks the owner's account row until the transaction ends, so that two requests of one owner check their
     * limits one after the other (two concurrent creates cannot both see four apps of five). {@code no key update}
     * leaves inserts that reference the account (apps, collaborators) unblocked.
     */
    public void lockAccount(UUID accountId) {
        em.createNativeQuery("select id from dashboard.accounts where id = ?1 for no key update")
                .setParameter(1, accountId).getResultList();
    }

    public void requireCreateApp(UUID ownerId, int appsOwned) {
        if (entitlements.isResolvable()) {
            require(entitlements.get().mayCreateApp(ownerId, appsOwned));
        }
    }

    /**
     * @param currentSize      the size now, or null when the process type is stopped
     * @param currentQuantity  the quantity now
     */
    public void requireScale(UUID ownerId, String processType, String currentSize, int currentQuantity,
                             String newSize, int newQuantity) {
        if (entitlements.isResolvable()) {
            require(entitlements.get().mayScale(ownerId, processType, currentQuantity == 0 ? null : currentSize,
                    currentQuantity, newSize, newQuantity));
        }
    }

    /** The account's standing; empty when nothing decides standing (everything allowed). */
    public Optional<Standing> standing(UUID accountId) {
        return entitlements.isResolvable() ? Optional.of(entitlements.get().standing(accountId)) : Optional.empty();
    }

    private static void require(Decision decision) {
        if (!decision.allowed()) {
            throw new ApiException(decision.status(), decision.id(), decision.message());
        }
    }
}
