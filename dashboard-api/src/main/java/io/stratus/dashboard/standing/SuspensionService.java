package io.stratus.dashboard.standing;

import io.stratus.common.error.ApiException;
import io.stratus.dashboard.account.Account;
import io.stratus.dashboard.account.AccountService;
import io.stratus.dashboard.api.Entitlements.Standing;
import io.stratus.dashboard.api.Suspensions;
import io.stratus.dashboard.app.App;
import io.stratus.dashboard.formation.Formation;
import io.stratus.dashboard.formation.FormationResponse;
import io.stratus.dashboard.formation.FormationService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Suspension and restore (issue 12). Both go through {@link FormationService#set}, the path every scale takes, so
 * {@link io.stratus.dashboard.api.FormationScaled} fires in the same transaction and billing's metering stops and
 * resumes by the same events. What a suspension stopped is kept in {@code dashboard.suspended_formations}.
 */
@ApplicationScoped
public class SuspensionService implements Suspensions {
    static final String PAY_FIRST = "Your account is suspended: pay your open invoices, then restore the formation.";

    private final EntityManager em;
    private final Licensing licensing;
    private final FormationService formations;
    private final AccountService accounts;
    private final Clock clock;

    SuspensionService(EntityManager em, Licensing licensing, FormationService formations, AccountService accounts,
                      Clock clock) {
        this.em = em;
        this.licensing = licensing;
        this.formations = formations;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void suspend(UUID accountId, Instant at) {
        licensing.lockAccount(accountId);
        List<App> apps = em.createQuery("select a from App a where a.ownerId = ?1 order by a.id", App.class)
                .setParameter(1, accountId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        for (App app : apps) {
            List<Formation> changed = new ArrayList<>();
            for (Formation f : formations.of(app.id)) {
                if (f.quantity == 0) {
                    continue;
                }
                // A newer suspension replaces what an older one, never restored, recorded for this process type.
                em.createNativeQuery("""
                                insert into dashboard.suspended_formations
                                    (app_id, type, account_id, size, quantity, suspended_at)
                                values (?1, ?2, ?3, ?4, ?5, ?6)
                                on conflict (app_id, type) do update set size = excluded.size,
                                    quantity = excluded.quantity, suspended_at = excluded.suspended_at""")
                        .setParameter(1, app.id).setParameter(2, f.type).setParameter(3, accountId)
                        .setParameter(4, f.size).setParameter(5, f.quantity).setParameter(6, at).executeUpdate();
                formations.set(app, f, 0, f.size, at);
                changed.add(f);
            }
            formations.publish(app, changed);
        }
    }

    /**
     * The owner puts back every process type the suspension stopped, at its recorded quantity and size. Refused
     * with 402 while the account is still suspended; each process type is also checked like any scale, so a card
     * that lapsed meanwhile refuses the whole restore and changes nothing.
     *
     * @return the restored formations; empty when nothing was recorded
     */
    @Transactional
    public List<FormationResponse> restore() {
        Account owner = accounts.current();
        licensing.lockAccount(owner.id);
        if (licensing.standing(owner.id).map(Standing::suspendedAt).isPresent()) {
            throw new ApiException(402, "payment_required", PAY_FIRST);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select app_id, type, size, quantity from dashboard.suspended_formations
                        where account_id = ?1 order by app_id, type""")
                .setParameter(1, owner.id).getResultList();
        Map<UUID, List<Object[]>> byApp = new LinkedHashMap<>();
        for (Object[] row : rows) {
            byApp.computeIfAbsent((UUID) row[0], id -> new ArrayList<>()).add(row);
        }
        Instant at = clock.instant();
        List<FormationResponse> restored = new ArrayList<>();
        for (var entry : byApp.entrySet()) {
            App app = em.find(App.class, entry.getKey(), LockModeType.PESSIMISTIC_WRITE);
            List<Formation> current = formations.of(app.id);
            List<Formation> changed = new ArrayList<>();
            for (Object[] row : entry.getValue()) {
                String type = (String) row[1];
                String size = (String) row[2];
                int quantity = ((Number) row[3]).intValue();
                Formation f = current.stream().filter(c -> c.type.equals(type)).findFirst().orElse(null);
                if (f == null) {
                    continue;
                }
                licensing.requireScale(owner.id, type, f.size, f.quantity, size, quantity);
                if (formations.set(app, f, quantity, size, at)) {
                    changed.add(f);
                }
                restored.add(FormationResponse.of(f, app));
            }
            formations.publish(app, changed);
        }
        em.createNativeQuery("delete from dashboard.suspended_formations where account_id = ?1")
                .setParameter(1, owner.id).executeUpdate();
        return restored;
    }
}
