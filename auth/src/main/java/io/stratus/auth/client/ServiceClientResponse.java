package io.stratus.auth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Set;

/** A service client; {@code clientSecret} is present only in the answers to create and rotate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceClientResponse(String clientId, String name, Set<String> scopes, String clientSecret,
        Instant createdAt, Instant updatedAt) {

    static ServiceClientResponse of(ServiceClient client, String secret) {
        return new ServiceClientResponse(client.clientId, client.name, client.scopeSet(), secret, client.createdAt,
                client.updatedAt);
    }
}
