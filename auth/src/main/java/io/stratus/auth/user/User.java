package io.stratus.auth.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

@Entity
@Table(schema = "auth", name = "users")
public class User {
    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";
    public static final Set<String> ROLES = Set.of(ROLE_USER, ROLE_ADMIN);

    @Id
    public UUID id;
    public String email;
    public String name;
    @Column(name = "password_hash")
    public String passwordHash;
    /** Space-separated; two values only, not worth a join table. */
    public String roles;
    public boolean disabled;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public Set<String> roleSet() {
        return new LinkedHashSet<>(Arrays.asList(roles.split(" ")));
    }

    public boolean isAdmin() {
        return roleSet().contains(ROLE_ADMIN);
    }
}
