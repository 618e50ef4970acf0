package io.stratus.dashboard.formation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(schema = "dashboard", name = "formations")
public class Formation {
    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    public String type;
    public String command;
    public int quantity;
    public String size;
    // Second line of defence behind the app row lock: a write that raced past it fails instead of losing an update.
    @Version
    @Column(name = "lock_version")
    public long lockVersion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
