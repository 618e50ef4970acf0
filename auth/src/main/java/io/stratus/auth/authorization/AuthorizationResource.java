package io.stratus.auth.authorization;

import io.quarkus.security.Authenticated;
import io.stratus.common.security.Caller;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** API keys, as the Heroku CLI's {@code authorizations:*} commands call them (through app's relay). */
@Path("/oauth/authorizations")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AuthorizationResource {
    private final AuthorizationService authorizations;
    private final Caller caller;

    AuthorizationResource(AuthorizationService authorizations, Caller caller) {
        this.authorizations = authorizations;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key; the answer holds the key, never shown again")
    public RestResponse<AuthorizationResponse> create(@Valid CreateAuthorizationRequest request) {
        var body = request == null ? new CreateAuthorizationRequest(null, null, null) : request;
        return RestResponse.status(RestResponse.Status.CREATED, authorizations.create(caller.accountId(), body));
    }

    @GET
    @Operation(summary = "List the caller's API keys")
    public List<AuthorizationResponse> list() {
        return authorizations.list(caller.accountId(), email());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Show one of the caller's API keys")
    public AuthorizationResponse get(@PathParam("id") UUID id) {
        return authorizations.get(caller.accountId(), email(), id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an API key; app refuses it within 5 seconds")
    public AuthorizationResponse delete(@PathParam("id") UUID id) {
        return authorizations.delete(caller.accountId(), email(), id);
    }

    private String email() {
        return caller.email().orElse(null);
    }
}
