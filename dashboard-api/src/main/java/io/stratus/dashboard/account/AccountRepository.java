package io.stratus.dashboard.account;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /** A real account first, a placeholder otherwise: emails compare case-insensitively (spec §3). */
    public Optional<Account> findByEmail(String email) {
        return find("lower(email) = lower(?1) order by placeholder asc, createdAt asc", email).firstResultOptional();
    }
}
