package io.stratus.dashboard.release;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import jakarta.persistence.Convert;
import org.hibernate.annotations.ColumnTransformer;

@Entity
@Table(schema = "dashboard", name = "releases")
public class Release {
    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    public int version;
    public String description;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "user_email")
    public String userEmail;
    // Own converter rather than Hibernate's JSON type: that one borrows the REST ObjectMapper (Quarkus warns off).
    @Convert(converter = ConfigMapConverter.class)
    @ColumnTransformer(write = "cast(? as jsonb)")
    public Map<String, String> config;
    @Column(name = "created_at")
    public Instant createdAt;
}
