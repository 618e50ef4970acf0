package io.stratus.auth.key;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.stratus.auth.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The signing keys, kept in auth's database so that every instance and every restart signs with the same ones.
 * There is always a {@code next} key, published in JWKS before it signs anything: app caches JWKS and refetches at
 * most once a minute (SmallRye JWT's intervals are in minutes), so a rotation only promotes a key app already
 * knows. Each instance rereads the table every few seconds, so a rotation made on one reaches the others.
 */
@ApplicationScoped
public class KeyRing {
    private static final Logger LOG = Logger.getLogger(KeyRing.class);
    private static final Duration RELOAD_INTERVAL = Duration.ofSeconds(5);
    // Tokens may be checked a little after their exp by verifiers with clock skew.
    private static final Duration SKEW = Duration.ofMinutes(1);

    /** The key that signs now. */
    public record ActiveKey(String kid, PrivateKey privateKey) {
    }

    private record Snapshot(ActiveKey active, String jwks, Map<String, PublicKey> publicKeys) {
    }

    private final SigningKeyRepository keys;
    private final MasterKey masterKey;
    private final AuthConfig config;
    private final EntityManager em;
    private volatile Snapshot snapshot;
    private ScheduledExecutorService reloader;

    KeyRing(SigningKeyRepository keys, MasterKey masterKey, AuthConfig config, EntityManager em) {
        this.keys = keys;
        this.masterKey = masterKey;
        this.config = config;
        this.em = em;
    }

    /** Makes sure an active and a next key exist, then loads them; called at start. */
    public void start() {
        QuarkusTransaction.requiringNew().run(() -> {
            masterKey.load();
            lockKeys();
            if (keys.withStatus(SigningKey.ACTIVE).isEmpty()) {
                create(SigningKey.ACTIVE);
            }
            if (keys.withStatus(SigningKey.NEXT).isEmpty()) {
                create(SigningKey.NEXT);
            }
        });
        reload();
        reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stratus-auth-key-reload");
            t.setDaemon(true);
            return t;
        });
        long period = RELOAD_INTERVAL.toMillis();
        reloader.scheduleWithFixedDelay(this::reloadQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }

    public ActiveKey active() {
        return snapshot.active();
    }

    /** The JWKS document: next, active, retired keys still within their tokens' lifetime, and API keys' keys. */
    public String jwks() {
        return snapshot.jwks();
    }

    /** Public keys by kid, for auth's own verification of the tokens it issued. */
    public PublicKey publicKey(String kid) {
        return kid == null ? null : snapshot.publicKeys().get(kid);
    }

    /** Promotes the next key to active and prepares a new next key; returns the new active kid. */
    public String rotate() {
        String kid = QuarkusTransaction.requiringNew().call(() -> {
            lockKeys();
            Instant now = Instant.now();
            keys.withStatus(SigningKey.ACTIVE).ifPresent(old -> {
                old.status = SigningKey.RETIRED;
                old.publishUntil = now.plus(config.accessTokenLifetime()).plus(SKEW);
            });
            keys.flush();
            SigningKey next = keys.withStatus(SigningKey.NEXT).orElseGet(() -> create(SigningKey.NEXT));
            next.status = SigningKey.ACTIVE;
            next.activatedAt = now;
            keys.flush();
            create(SigningKey.NEXT);
            return next.kid;
        });
        reload();
        LOG.infof("signing key rotated: %s is now active", kid);
        return kid;
    }

    private void lockKeys() {
        // Two instances starting or rotating at once must not both create keys.
        em.createNativeQuery("select pg_advisory_xact_lock(7304151)").getSingleResult();
    }

    private SigningKey create(String status) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            SigningKey key = new SigningKey();
            key.kid = "k-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "")
                    + "-" + UUID.randomUUID().toString().substring(0, 8);
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
            jwk.setKeyId(key.kid);
            jwk.setAlgorithm("RS256");
            jwk.setUse("sig");
            key.publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            key.privateKeyEnc = masterKey.encrypt(pair.getPrivate().getEncoded(), key.kid);
            key.status = status;
            key.createdAt = Instant.now();
            key.activatedAt = SigningKey.ACTIVE.equals(status) ? key.createdAt : null;
            keys.persist(key);
            return key;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a signing key", e);
        }
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warnf("cannot reload signing keys, keeping the ones loaded: %s", e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    void reload() {
        snapshot = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            List<SigningKey> all = keys.all();
            Set<String> apiKeyKids = new HashSet<>(em.createNativeQuery(
                    "select distinct kid from auth.authorizations where expires_at > now()").getResultList());
            ActiveKey active = null;
            List<String> published = new ArrayList<>();
            Map<String, PublicKey> publicKeys = new HashMap<>();
            for (SigningKey key : all) {
                boolean live = !SigningKey.RETIRED.equals(key.status)
                        || (key.publishUntil != null && key.publishUntil.isAfter(now))
                        || apiKeyKids.contains(key.kid);
                if (SigningKey.ACTIVE.equals(key.status)) {
                    active = new ActiveKey(key.kid, privateKey(key));
                }
                if (live) {
                    published.add(key.publicJwk);
                    publicKeys.put(key.kid, publicKeyOf(key));
                }
            }
            if (active == null) {
                throw new IllegalStateException("no active signing key");
            }
            return new Snapshot(active, "{\"keys\":[" + String.join(",", published) + "]}", Map.copyOf(publicKeys));
        });
    }

    private PrivateKey privateKey(SigningKey key) {
        Snapshot current = snapshot;
        if (current != null && current.active().kid().equals(key.kid)) {
            return current.active().privateKey();
        }
        try {
            byte[] pkcs8 = masterKey.decrypt(key.privateKeyEnc, key.kid);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read signing key " + key.kid, e);
        }
    }

    private static PublicKey publicKeyOf(SigningKey key) {
        try {
            return ((RsaJsonWebKey) JsonWebKey.Factory.newJwk(key.publicJwk)).getRsaPublicKey();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot read public key " + key.kid, e);
        }
    }
}
