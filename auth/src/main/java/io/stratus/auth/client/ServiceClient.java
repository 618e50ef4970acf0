package io.stratus.auth.client;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

@Entity
@Table(schema = "auth", name = "service_clients")
public class ServiceClient {
    @Id
    @Column(name = "client_id")
    public String clientId;
    public String name;
    @Column(name = "secret_hash")
    public String secretHash;
    /** Space-separated, as in the token's {@code scope} claim. */
    public String scopes;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public Set<String> scopeSet() {
        return scopes.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
    }
}
