package io.stratus.dashboard.app;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Add-ons are not provisioned yet: an empty list, which {@code apps:info} needs (spec §3 stubs). */
@Path("/apps/{app}/addons")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AddonResource {
    private final AppService apps;

    AddonResource(AppService apps) {
        this.apps = apps;
    }

    @GET
    public List<Object> list(@PathParam("app") String app) {
        apps.get(app);
        return List.of();
    }
}
