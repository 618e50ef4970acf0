package io.stratus.analytics.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.stratus.analytics.pipeline.Json;
import io.stratus.analytics.project.ProjectService;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** One user profile as {@code /engage} built it (spec §6 {@code /profiles/{distinct_id}}). */
@Path("/v1/projects/{id}/profiles/{distinct_id}")
@Authenticated
@Produces({MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV})
public class ProfileResource {
    public record ProfileResponse(@JsonProperty("distinct_id") String distinctId, JsonNode properties,
            @JsonProperty("updated_at") Instant updatedAt) {
    }

    private final ProjectService projects;
    private final Caller caller;
    private final QueryTransactions transactions;

    ProfileResource(ProjectService projects, Caller caller, QueryTransactions transactions) {
        this.projects = projects;
        this.caller = caller;
        this.transactions = transactions;
    }

    @GET
    @Operation(summary = "User profile", description = "404 when the project has no profile for this distinct_id. "
            + "Accept: text/csv gives one row with the properties as JSON text.")
    @APIResponse(responseCode = "200", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProfileResponse.class)),
        @Content(mediaType = CsvWriter.TEXT_CSV)})
    @APIResponse(responseCode = "404", description = "No such project for the caller, or no such profile")
    public ProfileResponse profile(@PathParam("id") UUID projectId, @PathParam("distinct_id") String distinctId) {
        projects.visible(caller, projectId, true);
        ProfileResponse[] found = new ProfileResponse[1];
        transactions.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT properties::text, updated_at FROM "
                    + "analytics.profiles WHERE project_id = ? AND distinct_id = ?")) {
                ps.setObject(1, projectId);
                ps.setString(2, distinctId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found[0] = new ProfileResponse(distinctId, Json.MAPPER.readTree(rs.getString(1)),
                                rs.getTimestamp(2).toInstant());
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("Stored profile is not JSON", e);
            }
        });
        if (found[0] == null) {
            throw ApiException.notFound("No profile for this distinct_id.");
        }
        return found[0];
    }
}
