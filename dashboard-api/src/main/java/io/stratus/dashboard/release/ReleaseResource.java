package io.stratus.dashboard.release;

import io.quarkus.security.Authenticated;
import io.stratus.common.error.ApiException;
import io.stratus.common.paging.Page;
import io.stratus.common.paging.Range;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/apps/{app}/releases")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {
    private final ReleaseService releases;

    ReleaseResource(ReleaseService releases) {
        this.releases = releases;
    }

    @GET
    public RestResponse<List<ReleaseResponse>> list(@PathParam("app") String app, @HeaderParam("Range") String range) {
        Page<ReleaseResponse> page = releases.list(app,
                Range.parse(range, ReleaseService.RANGE_FIELDS, "version"));
        return paged(page, ReleaseService.RANGE_FIELDS);
    }

    @GET
    @Path("/{release}")
    public ReleaseResponse get(@PathParam("app") String app, @PathParam("release") String release) {
        return releases.get(app, release);
    }

    @GET
    @Path("/{release}/config-vars")
    public Map<String, String> config(@PathParam("app") String app, @PathParam("release") String release) {
        return releases.configOf(app, release);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ReleaseResponse> rollback(@PathParam("app") String app, @Valid RollbackRequest request) {
        if (request == null) {
            throw ApiException.invalid("release is required.");
        }
        return RestResponse.status(RestResponse.Status.CREATED, releases.rollback(app, request.release()));
    }

    /** 200, or 206 with {@code Next-Range} while more remain (spec §1). */
    public static <T> RestResponse<List<T>> paged(Page<T> page, List<String> fields) {
        var builder = RestResponse.ResponseBuilder.<List<T>>create(page.status()).entity(page.items())
                .header("Accept-Ranges", String.join(", ", fields));
        if (page.partial()) {
            builder.header("Next-Range", page.nextRange());
        }
        return builder.build();
    }
}
