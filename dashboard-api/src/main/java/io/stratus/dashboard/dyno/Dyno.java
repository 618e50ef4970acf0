package io.stratus.dashboard.dyno;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A one-off dyno ({@code run.N}); formation dynos are derived from the formation, not stored. */
@Entity
@Table(schema = "dashboard", name = "dynos")
public class Dyno {
    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    public String name;
    public String type;
    public String command;
    public String size;
    public String state;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
