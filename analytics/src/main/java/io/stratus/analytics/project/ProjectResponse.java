package io.stratus.analytics.project;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** A project; {@code secret} is present only in the answers that create or rotate it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProjectResponse(UUID id, String name, String token, String secret,
        @JsonProperty("created_at") Instant createdAt) {

    static ProjectResponse of(Project project, String secret) {
        return new ProjectResponse(project.id, project.name, project.token, secret, project.createdAt);
    }
}
