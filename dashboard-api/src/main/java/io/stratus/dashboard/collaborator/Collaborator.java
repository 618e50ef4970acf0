package io.stratus.dashboard.collaborator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(schema = "dashboard", name = "collaborators")
public class Collaborator {
    public static final String OWNER = "owner";
    public static final String COLLABORATOR = "collaborator";

    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    @Column(name = "account_id")
    public UUID accountId;
    public String role;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
