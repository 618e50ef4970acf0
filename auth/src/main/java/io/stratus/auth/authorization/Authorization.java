package io.stratus.auth.authorization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An API key (Heroku: authorization): a long-lived JWT of which only the SHA-256 hash is kept. */
@Entity
@Table(schema = "auth", name = "authorizations")
public class Authorization {
    @Id
    public UUID id;
    @Column(name = "user_id")
    public UUID userId;
    public String description;
    @Column(name = "token_hash")
    public String tokenHash;
    public String jti;
    public String kid;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
