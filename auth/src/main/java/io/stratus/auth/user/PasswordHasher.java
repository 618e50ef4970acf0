package io.stratus.auth.user;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.stratus.auth.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** bcrypt through Quarkus' Elytron (a well-kept implementation); the cost comes from config (>= 10). */
@ApplicationScoped
public class PasswordHasher {
    private final int cost;
    // An unknown email is checked against this, so that it costs what a wrong password costs.
    private final String dummyHash;

    PasswordHasher(AuthConfig config) {
        this.cost = Math.max(10, config.bcryptCost());
        this.dummyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    public boolean matches(String password, String hash) {
        return BcryptUtil.matches(password, hash);
    }

    /** Burns the time of one verification and answers false. */
    public boolean matchesNothing(String password) {
        BcryptUtil.matches(password, dummyHash);
        return false;
    }

    public int cost() {
        return cost;
    }
}
