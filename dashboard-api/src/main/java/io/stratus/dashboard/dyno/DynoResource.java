package io.stratus.dashboard.dyno;

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
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/apps/{app}/dynos")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DynoResource {
    private final DynoService dynos;

    DynoResource(DynoService dynos) {
        this.dynos = dynos;
    }

    @GET
    public List<DynoResponse> list(@PathParam("app") String app) {
        return dynos.list(app);
    }

    @GET
    @Path("{dyno}")
    public DynoResponse get(@PathParam("app") String app, @PathParam("dyno") String dyno) {
        return dynos.get(app, dyno);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<DynoResponse> run(@PathParam("app") String app, @Valid CreateDynoRequest request) {
        if (request == null) {
            throw ApiException.invalid("command is required.");
        }
        return RestResponse.status(RestResponse.Status.CREATED, dynos.run(app, request));
    }

    @DELETE
    public RestResponse<Map<String, Object>> restartAll(@PathParam("app") String app) {
        dynos.restartAll(app);
        return accepted();
    }

    @DELETE
    @Path("{dyno}")
    public RestResponse<Map<String, Object>> restart(@PathParam("app") String app, @PathParam("dyno") String dyno) {
        dynos.restart(app, dyno);
        return accepted();
    }

    @POST
    @Path("{dyno}/actions/stop")
    public RestResponse<Map<String, Object>> stop(@PathParam("app") String app, @PathParam("dyno") String dyno) {
        dynos.stop(app, dyno);
        return accepted();
    }

    static RestResponse<Map<String, Object>> accepted() {
        return RestResponse.status(RestResponse.Status.ACCEPTED, Map.of());
    }
}
