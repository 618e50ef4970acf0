package io.stratus.dashboard.formation;

import io.quarkus.security.Authenticated;
import io.stratus.common.error.ApiException;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/apps/{app}/formation")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FormationResource {
    private final FormationService formations;

    FormationResource(FormationService formations) {
        this.formations = formations;
    }

    @GET
    public List<FormationResponse> list(@PathParam("app") String app) {
        return formations.list(app);
    }

    @GET
    @Path("/{type}")
    public FormationResponse get(@PathParam("app") String app, @PathParam("type") String type) {
        return formations.get(app, type);
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public List<FormationResponse> update(@PathParam("app") String app, @Valid BatchFormationRequest request) {
        if (request == null) {
            throw ApiException.invalid("updates is required.");
        }
        return formations.update(app, request.updates());
    }

    @PATCH
    @Path("/{type}")
    @Consumes(MediaType.APPLICATION_JSON)
    public FormationResponse update(@PathParam("app") String app, @PathParam("type") String type,
                                    @Valid UpdateFormationRequest request) {
        if (request == null) {
            throw ApiException.invalid("Body must be an object.");
        }
        return formations.update(app, type, request);
    }
}
