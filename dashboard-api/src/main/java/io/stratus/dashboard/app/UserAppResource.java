package io.stratus.dashboard.app;

import io.quarkus.security.Authenticated;
import io.stratus.common.paging.Range;
import io.stratus.dashboard.release.ReleaseResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /users/~/apps}: the caller's apps, as {@code GET /apps} (the CLI's {@code apps} command reads this). */
@Path("/users/~/apps")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UserAppResource {
    private final AppService apps;

    UserAppResource(AppService apps) {
        this.apps = apps;
    }

    @GET
    public RestResponse<List<AppResponse>> list(@HeaderParam("Range") String range) {
        return ReleaseResource.paged(apps.list(Range.parse(range, AppService.RANGE_FIELDS, "id")),
                AppService.RANGE_FIELDS);
    }
}
