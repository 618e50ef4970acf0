package io.stratus.auth.client;

import io.quarkus.panache.common.Sort;
import io.stratus.auth.secret.Secrets;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

@ApplicationScoped
public class ServiceClientService {
    private final ServiceClientRepository clients;

    ServiceClientService(ServiceClientRepository clients) {
        this.clients = clients;
    }

    @Transactional
    public ServiceClientResponse create(CreateServiceClientRequest request) {
        return create(request.clientId(), request.name(), request.scopes(), Secrets.generate("scs_"));
    }

    /** Creates a client with a given secret (the demo client) or fails with 409 when the id is taken. */
    @Transactional
    public ServiceClientResponse create(String clientId, String name, Set<String> scopes, String secret) {
        if (clients.findByIdOptional(clientId).isPresent()) {
            throw ApiException.conflict("A service client with that client_id already exists.");
        }
        ServiceClient client = new ServiceClient();
        client.clientId = clientId;
        client.name = name;
        client.scopes = String.join(" ", new TreeSet<>(scopes));
        client.secretHash = Secrets.sha256(secret);
        client.createdAt = Instant.now();
        client.updatedAt = client.createdAt;
        clients.persist(client);
        return ServiceClientResponse.of(client, secret);
    }

    @Transactional
    public boolean exists(String clientId) {
        return clients.findByIdOptional(clientId).isPresent();
    }

    @Transactional
    public List<ServiceClientResponse> list() {
        return clients.listAll(Sort.by("createdAt")).stream().map(c -> ServiceClientResponse.of(c, null)).toList();
    }

    @Transactional
    public ServiceClientResponse get(String clientId) {
        return ServiceClientResponse.of(find(clientId), null);
    }

    @Transactional
    public ServiceClientResponse rotateSecret(String clientId) {
        ServiceClient client = find(clientId);
        String secret = Secrets.generate("scs_");
        client.secretHash = Secrets.sha256(secret);
        client.updatedAt = Instant.now();
        return ServiceClientResponse.of(client, secret);
    }

    @Transactional
    public ServiceClientResponse delete(String clientId) {
        ServiceClient client = find(clientId);
        clients.delete(client);
        return ServiceClientResponse.of(client, null);
    }

    /** The client's scopes when the secret matches. */
    @Transactional
    public Optional<Set<String>> authenticate(String clientId, String secret) {
        return clients.findByIdOptional(clientId)
                .filter(c -> Secrets.matches(secret, c.secretHash))
                .map(ServiceClient::scopeSet);
    }

    private ServiceClient find(String clientId) {
        return clients.findByIdOptional(clientId)
                .orElseThrow(() -> ApiException.notFound("Couldn't find that service client."));
    }
}
