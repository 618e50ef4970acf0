package io.stratus.dashboard.dyno;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/** Restart and stop a whole process type: {@code /formations/{type}}, plural as Heroku has it. */
@Path("/apps/{app}/formations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProcessTypeResource {
    private final DynoService dynos;

    ProcessTypeResource(DynoService dynos) {
        this.dynos = dynos;
    }

    @DELETE
    @Path("/{type}")
    public RestResponse<Map<String, Object>> restartType(@PathParam("app") String app,
                                                         @PathParam("type") String type) {
        dynos.restartType(app, type);
        return DynoResource.accepted();
    }

    @POST
    @Path("/{type}/actions/stop")
    public RestResponse<Map<String, Object>> stopType(@PathParam("app") String app, @PathParam("type") String type) {
        dynos.stopType(app, type);
        return DynoResource.accepted();
    }
}
