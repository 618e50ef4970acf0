package io.stratus.dashboard.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(schema = "dashboard", name = "accounts")
public class Account {
    @Id
    public UUID id;
    public String email;
    public String name;
    @Column(name = "allow_tracking")
    public boolean allowTracking;
    public boolean beta;
    public boolean placeholder;
    @Column(name = "last_login")
    public Instant lastLogin;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
