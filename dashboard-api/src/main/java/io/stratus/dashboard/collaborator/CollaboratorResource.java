package io.stratus.dashboard.collaborator;

import io.quarkus.security.Authenticated;
import io.stratus.common.error.ApiException;
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
import org.jboss.resteasy.reactive.RestResponse;

@Path("/apps/{app}/collaborators")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CollaboratorResource {
    private final CollaboratorService collaborators;

    CollaboratorResource(CollaboratorService collaborators) {
        this.collaborators = collaborators;
    }

    @GET
    public List<CollaboratorResponse> list(@PathParam("app") String app) {
        return collaborators.list(app);
    }

    @GET
    @Path("/{collaborator}")
    public CollaboratorResponse get(@PathParam("app") String app, @PathParam("collaborator") String collaborator) {
        return collaborators.get(app, collaborator);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<CollaboratorResponse> add(@PathParam("app") String app,
                                                  @Valid AddCollaboratorRequest request) {
        if (request == null) {
            throw ApiException.invalid("user is required.");
        }
        return RestResponse.status(RestResponse.Status.CREATED, collaborators.add(app, request.user()));
    }

    @DELETE
    @Path("/{collaborator}")
    public CollaboratorResponse remove(@PathParam("app") String app, @PathParam("collaborator") String collaborator) {
        return collaborators.remove(app, collaborator);
    }
}
