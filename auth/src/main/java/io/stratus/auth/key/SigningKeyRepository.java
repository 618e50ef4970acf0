package io.stratus.auth.key;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKey, String> {

    Optional<SigningKey> withStatus(String status) {
        return find("status", status).firstResultOptional();
    }

    List<SigningKey> all() {
        return listAll();
    }
}
