package io.stratus.dashboard.app;

import io.quarkus.security.Authenticated;
import io.stratus.common.paging.Range;
import io.stratus.dashboard.release.ReleaseResource;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/apps")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AppResource {
    private final AppService apps;

    AppResource(AppService apps) {
        this.apps = apps;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<AppResponse> create(@Valid CreateAppRequest request) {
        return RestResponse.status(RestResponse.Status.CREATED,
                apps.create(request == null ? new CreateAppRequest(null, null, null) : request));
    }

    @GET
    public RestResponse<List<AppResponse>> list(@HeaderParam("Range") String range) {
        return ReleaseResource.paged(apps.list(Range.parse(range, AppService.RANGE_FIELDS, "id")),
                AppService.RANGE_FIELDS);
    }

    @GET
    @Path("/{app}")
    public AppResponse get(@PathParam("app") String app) {
        return apps.get(app);
    }

    @PATCH
    @Path("/{app}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AppResponse update(@PathParam("app") String app, @Valid UpdateAppRequest request) {
        return apps.update(app, request == null ? new UpdateAppRequest(null, null, null) : request);
    }

    @DELETE
    @Path("/{app}")
    public AppResponse delete(@PathParam("app") String app) {
        return apps.delete(app);
    }
}
