package io.stratus.auth.client;

import io.quarkus.security.Authenticated;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** Service client administration (admins only); the secret is shown once, on create and rotate. */
@Path("/admin/clients")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AdminServiceClientResource {
    private final ServiceClientService clients;
    private final Caller caller;

    AdminServiceClientResource(ServiceClientService clients, Caller caller) {
        this.clients = clients;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a service client; the answer holds its secret, never shown again")
    public RestResponse<ServiceClientResponse> create(@Valid @NotNull CreateServiceClientRequest request) {
        requireAdmin();
        return RestResponse.status(RestResponse.Status.CREATED, clients.create(request));
    }

    @GET
    @Operation(summary = "List service clients")
    public List<ServiceClientResponse> list() {
        requireAdmin();
        return clients.list();
    }

    @GET
    @Path("/{clientId}")
    @Operation(summary = "Show a service client")
    public ServiceClientResponse get(@PathParam("clientId") String clientId) {
        requireAdmin();
        return clients.get(clientId);
    }

    @POST
    @Path("/{clientId}/rotate-secret")
    @Operation(summary = "Replace the secret; the answer holds the new one")
    public ServiceClientResponse rotate(@PathParam("clientId") String clientId) {
        requireAdmin();
        return clients.rotateSecret(clientId);
    }

    @DELETE
    @Path("/{clientId}")
    @Operation(summary = "Delete a service client")
    public ServiceClientResponse delete(@PathParam("clientId") String clientId) {
        requireAdmin();
        return clients.delete(clientId);
    }

    private void requireAdmin() {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only administrators may manage service clients.");
        }
    }
}
