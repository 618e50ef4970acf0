package io.stratus.dashboard.config;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

@Path("/apps/{app}/config-vars")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConfigVarResource {
    private final ConfigVarService configVars;

    ConfigVarResource(ConfigVarService configVars) {
        this.configVars = configVars;
    }

    @GET
    public Map<String, String> get(@PathParam("app") String app) {
        return configVars.get(app);
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> update(@PathParam("app") String app, Map<String, Object> changes) {
        return configVars.update(app, changes);
    }
}
