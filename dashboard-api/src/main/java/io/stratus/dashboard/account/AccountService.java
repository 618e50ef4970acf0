package io.stratus.dashboard.account;

import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The caller's account, created on first request (keyed by the JWT {@code sub}) and placeholders for invitees. */
@ApplicationScoped
public class AccountService {
    private final AccountRepository accounts;
    private final EntityManager em;
    private final Caller caller;

    AccountService(AccountRepository accounts, EntityManager em, Caller caller) {
        this.accounts = accounts;
        this.em = em;
        this.caller = caller;
    }

    /** The caller's account; service tokens get 403 through {@link Caller#accountId()}. */
    @Transactional
    public Account current() {
        UUID id = caller.accountId();
        Account account = accounts.findById(id);
        if (account != null) {
            return account;
        }
        String email = caller.email().orElseThrow(() -> ApiException.forbidden("The token carries no email."));
        return create(id, email);
    }

    private Account create(UUID id, String email) {
        Instant now = Instant.now();
        // Concurrent first requests of one user: the loser's insert does nothing and it reads the winner's row.
        int inserted = em.createNativeQuery("insert into dashboard.accounts (id, email, allow_tracking, beta,"
                        + " placeholder, last_login, created_at, updated_at)"
                        + " values (?1, ?2, true, false, false, ?3, ?3, ?3)"
                        + " on conflict (id) do nothing")
                .setParameter(1, id).setParameter(2, email).setParameter(3, now).executeUpdate();
        if (inserted == 1) {
            bindPlaceholder(id, email);
        }
        return accounts.findById(id);
    }

    /** A collaborator invited by email before signing up becomes the user whose token first carries that email. */
    private void bindPlaceholder(UUID id, String email) {
        @SuppressWarnings("unchecked")
        var placeholders = (List<UUID>) em.createNativeQuery("select id from dashboard.accounts"
                        + " where placeholder and lower(email) = lower(?1) for update", UUID.class)
                .setParameter(1, email).getResultList();
        for (UUID placeholder : placeholders) {
            em.createNativeQuery("update dashboard.collaborators set account_id = ?1 where account_id = ?2")
                    .setParameter(1, id).setParameter(2, placeholder).executeUpdate();
            em.createNativeQuery("delete from dashboard.accounts where id = ?1")
                    .setParameter(1, placeholder).executeUpdate();
        }
    }

    /** The account with this email or id, a new placeholder for an unknown email. */
    @Transactional
    public Account findOrInvite(String user) {
        UUID id = parseUuid(user);
        if (id != null) {
            Account account = accounts.findById(id);
            if (account == null) {
                throw ApiException.notFound("Couldn't find that user.");
            }
            return account;
        }
        if (!user.matches("[^@\\s]+@[^@\\s]+")) {
            throw ApiException.invalid("user must be an email address or an account id.");
        }
        return accounts.findByEmail(user).orElseGet(() -> {
            Account account = new Account();
            account.id = UUID.randomUUID();
            account.email = user.toLowerCase(Locale.ROOT);
            account.placeholder = true;
            account.allowTracking = true;
            account.createdAt = Instant.now();
            account.updatedAt = account.createdAt;
            accounts.persist(account);
            return account;
        });
    }

    @Transactional
    public Account update(UpdateAccountRequest request) {
        Account account = accounts.findById(current().id);
        if (request.name() != null) {
            account.name = request.name();
        }
        if (request.allowTracking() != null) {
            account.allowTracking = request.allowTracking();
        }
        if (request.beta() != null) {
            account.beta = request.beta();
        }
        account.updatedAt = Instant.now();
        return account;
    }

    public static UUID parseUuid(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
