package io.stratus.dashboard.collaborator;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stratus.dashboard.account.Account;
import io.stratus.dashboard.app.App;
import io.stratus.dashboard.app.AppRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CollaboratorResponse(UUID id, AppRef app, User user, String role, List<Object> permissions,
                                   Instant createdAt, Instant updatedAt) {

    public record User(UUID id, String email, boolean federated) {
    }

    public static CollaboratorResponse of(Collaborator c, App app, Account account) {
        return new CollaboratorResponse(c.id, AppRef.of(app), new User(account.id, account.email, false), c.role,
                List.of(), c.createdAt.truncatedTo(ChronoUnit.SECONDS), c.updatedAt.truncatedTo(ChronoUnit.SECONDS));
    }
}
