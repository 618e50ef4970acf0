package io.stratus.auth.key;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(schema = "auth", name = "signing_keys")
public class SigningKey {
    public static final String NEXT = "next";
    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";

    @Id
    public String kid;
    public String status;
    @Column(name = "public_jwk")
    public String publicJwk;
    @Column(name = "private_key_enc")
    public byte[] privateKeyEnc;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "activated_at")
    public Instant activatedAt;
    @Column(name = "publish_until")
    public Instant publishUntil;
}
