package io.stratus.dashboard.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(schema = "dashboard", name = "apps")
public class App {
    @Id
    public UUID id;
    public String name;
    @Column(name = "owner_id")
    public UUID ownerId;
    public String region;
    public String stack;
    @Column(name = "build_stack")
    public String buildStack;
    public boolean maintenance;
    @Column(name = "run_counter")
    public int runCounter;
    @Column(name = "released_at")
    public Instant releasedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
