package io.stratus.dashboard.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.security.Authenticated;
import io.stratus.common.error.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Regions and stacks: fixed stubs the CLI reads (spec §3). */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {
    static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RegionResponse(UUID id, String name, String description, String country, String locale,
                                 boolean privateCapable, Object provider, Instant createdAt, Instant updatedAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StackResponse(UUID id, String name, String state, boolean isDefault, Instant createdAt,
                                Instant updatedAt) {
        @JsonProperty("default")
        public boolean isDefault() {
            return isDefault;
        }
    }

    @GET
    @Path("regions")
    public List<RegionResponse> regions() {
        return Catalog.REGIONS.stream().map(CatalogResource::regionOf).toList();
    }

    @GET
    @Path("regions/{region}")
    public RegionResponse region(@PathParam("region") String region) {
        return Catalog.find("region", Catalog.REGIONS, region).map(CatalogResource::regionOf)
                .orElseThrow(() -> ApiException.notFound("Couldn't find that region."));
    }

    @GET
    @Path("stacks")
    public List<StackResponse> stacks() {
        return Catalog.STACKS.stream().map(CatalogResource::stackOf).toList();
    }

    @GET
    @Path("stacks/{stack}")
    public StackResponse stack(@PathParam("stack") String stack) {
        return Catalog.find("stack", Catalog.STACKS, stack).map(CatalogResource::stackOf)
                .orElseThrow(() -> ApiException.notFound("Couldn't find that stack."));
    }

    @GET
    @Path("addon-attachments")
    public List<Object> addonAttachments() {
        return List.of();
    }

    static RegionResponse regionOf(String name) {
        boolean us = name.equals("us");
        return new RegionResponse(Catalog.idOf("region", name), name, us ? "United States" : "Europe",
                us ? "United States" : "Ireland", us ? "Virginia" : "Dublin", false, null, SINCE, SINCE);
    }

    static StackResponse stackOf(String name) {
        return new StackResponse(Catalog.idOf("stack", name), name, "public", name.equals(Catalog.DEFAULT_STACK),
                SINCE, SINCE);
    }
}
