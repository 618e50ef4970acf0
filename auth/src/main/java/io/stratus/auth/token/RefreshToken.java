package io.stratus.auth.token;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One refresh token of a family (one login); only its SHA-256 hash is stored. */
@Entity
@Table(schema = "auth", name = "refresh_tokens")
public class RefreshToken {
    @Id
    public UUID id;
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "family_id")
    public UUID familyId;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "rotated_at")
    public Instant rotatedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;
}
