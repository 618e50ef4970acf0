package io.stratus.auth.user;

import io.quarkus.security.Authenticated;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** User administration: list, disable, set roles (admins only). */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AdminUserResource {
    private final UserService users;
    private final Caller caller;

    AdminUserResource(UserService users, Caller caller) {
        this.users = users;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List users")
    public List<UserResponse> list() {
        requireAdmin();
        return users.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Show a user")
    public UserResponse get(@PathParam("id") UUID id) {
        requireAdmin();
        return users.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Disable or enable a user, set their roles")
    public UserResponse update(@PathParam("id") UUID id, @Valid @NotNull UpdateUserRequest request) {
        requireAdmin();
        return users.update(id, request);
    }

    private void requireAdmin() {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only administrators may manage users.");
        }
    }
}
