package io.stratus.auth.key;

import io.stratus.auth.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Encrypts private signing keys with AES-256-GCM under {@code stratus.auth.master-key}. Without one (the embedded
 * run) a development key is generated once and kept in auth's own database, which protects nothing: the log
 * says so at every start.
 */
@ApplicationScoped
public class MasterKey {
    private static final Logger LOG = Logger.getLogger(MasterKey.class);
    private static final String DEV_KEY_SETTING = "dev_master_key";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthConfig config;
    private final EntityManager em;
    private volatile SecretKey key;

    MasterKey(AuthConfig config, EntityManager em) {
        this.config = config;
        this.em = em;
    }

    /** Loads the key; called once at start inside a transaction. */
    void load() {
        byte[] raw;
        if (config.masterKey().isPresent() && !config.masterKey().get().isBlank()) {
            raw = Base64.getDecoder().decode(config.masterKey().get().trim());
        } else {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            em.createNativeQuery("insert into auth.settings (name, value) values (?1, ?2) on conflict do nothing")
                    .setParameter(1, DEV_KEY_SETTING).setParameter(2, Base64.getEncoder().encodeToString(fresh))
                    .executeUpdate();
            String stored = (String) em.createNativeQuery("select value from auth.settings where name = ?1")
                    .setParameter(1, DEV_KEY_SETTING).getSingleResult();
            raw = Base64.getDecoder().decode(stored);
            LOG.warn("stratus.auth.master-key is not set: using a DEVELOPMENT master key stored in auth's database."
                    + " Set STRATUS_AUTH_MASTER_KEY (base64 of 32 random bytes) in production.");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("stratus.auth.master-key must be base64 of exactly 32 bytes");
        }
        key = new SecretKeySpec(raw, "AES");
    }

    byte[] encrypt(byte[] plain, String kid) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a signing key", e);
        }
    }

    byte[] decrypt(byte[] sealed, String kid) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, IV_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt signing key " + kid + ": wrong stratus.auth.master-key?",
                    e);
        }
    }
}
