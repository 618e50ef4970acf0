package io.stratus.analytics.project;

import io.quarkus.security.Authenticated;
import io.stratus.common.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Analytics projects: each has a public ingestion token and a secret for /import (spec/analytics.md). */
@Path("/v1/projects")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {
    private final ProjectService service;
    private final Caller caller;

    ProjectResource(ProjectService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public ProjectResponse create(@Valid @NotNull CreateProjectRequest request) {
        return service.create(caller.accountId(), request.name());
    }

    @GET
    public List<ProjectResponse> list() {
        return service.listVisible(caller);
    }

    @GET
    @Path("/{id}")
    public ProjectResponse get(@PathParam("id") UUID id) {
        return service.get(caller, id);
    }

    @POST
    @Path("/{id}/secret")
    public ProjectResponse rotateSecret(@PathParam("id") UUID id) {
        return service.rotateSecret(caller, id);
    }
}
