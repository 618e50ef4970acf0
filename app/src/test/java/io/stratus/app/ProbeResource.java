package io.stratus.app;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.quarkus.security.Authenticated;
import io.stratus.common.security.Caller;

/** A test-only endpoint that exercises the wire conventions without depending on any feature module. */
@Path("/test-probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {
    public record ProbeRequest(@NotBlank String name, @Min(0) @Max(100) int quantity) {
    }

    private final Caller caller;

    ProbeResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    public ProbeRequest get() {
        return new ProbeRequest("probe", 1);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ProbeRequest post(@Valid ProbeRequest request) {
        return request;
    }

    @GET
    @Path("/me")
    @Authenticated
    public String me() {
        return "{\"id\":\"" + caller.accountId() + "\"}";
    }
}
