package io.stratus.auth.user;

import io.quarkus.security.Authenticated;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** Self sign-up (unauthenticated, spec/auth.md) and the caller's own user. */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
    private final UserService users;
    private final Caller caller;

    UserResource(UserService users, Caller caller) {
        this.users = users;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign up")
    public RestResponse<UserResponse> signUp(@Valid @NotNull CreateUserRequest request) {
        return RestResponse.status(RestResponse.Status.CREATED, users.signUp(request));
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "The calling user")
    public UserResponse me() {
        if (caller.isService()) {
            throw ApiException.forbidden("Service tokens have no user.");
        }
        return users.get(caller.accountId());
    }
}
