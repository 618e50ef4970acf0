package io.stratus.auth.bootstrap;

import io.quarkus.runtime.StartupEvent;
import io.stratus.auth.AuthConfig;
import io.stratus.auth.authorization.RevokedTokens;
import io.stratus.auth.client.ServiceClientService;
import io.stratus.auth.key.KeyRing;
import io.stratus.auth.user.User;
import io.stratus.auth.user.UserService;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.jboss.logging.Logger;

/** At start: signing keys, the revocation cache, the bootstrap admin and (embedded run) the demo identities. */
@ApplicationScoped
public class Bootstrap {
    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    private final KeyRing keyRing;
    private final RevokedTokens revokedTokens;
    private final UserService users;
    private final ServiceClientService clients;
    private final AuthConfig config;

    Bootstrap(KeyRing keyRing, RevokedTokens revokedTokens, UserService users, ServiceClientService clients,
            AuthConfig config) {
        this.keyRing = keyRing;
        this.revokedTokens = revokedTokens;
        this.users = users;
        this.clients = clients;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        keyRing.start();
        revokedTokens.start();
        var admin = config.admin();
        if (admin.email().isPresent() && admin.password().isPresent()) {
            ensureUser(admin.email().get(), admin.password().get(), "Administrator",
                    Set.of(User.ROLE_USER, User.ROLE_ADMIN));
        }
        var demo = config.demo();
        if (demo.enabled()) {
            ensureUser(demo.email(), demo.password(), "Demo User", Set.of(User.ROLE_USER));
            if (!clients.exists(demo.clientId())) {
                clients.create(demo.clientId(), "Demo service client",
                        Set.of("billing:read", "billing:write", "analytics:write"), demo.clientSecret());
                LOG.infof("demo service client %s created", demo.clientId());
            }
        }
    }

    private void ensureUser(String email, String password, String name, Set<String> roles) {
        if (users.exists(email)) {
            return;
        }
        try {
            users.create(email, password, name, roles);
            LOG.infof("user %s created with roles %s", email, roles);
        } catch (ApiException e) {
            // Another instance created it meanwhile, or the configured password breaks the policy.
            LOG.warnf("cannot create user %s: %s", email, e.getMessage());
        }
    }
}
