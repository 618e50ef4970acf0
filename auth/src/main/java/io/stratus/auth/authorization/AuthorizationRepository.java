package io.stratus.auth.authorization;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AuthorizationRepository implements PanacheRepositoryBase<Authorization, UUID> {

    List<Authorization> ofUser(UUID userId) {
        return list("userId = ?1 order by createdAt", userId);
    }

    Optional<Authorization> ofUser(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResultOptional();
    }
}
