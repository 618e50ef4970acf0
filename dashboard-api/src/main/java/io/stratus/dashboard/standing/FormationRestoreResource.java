package io.stratus.dashboard.standing;

import io.quarkus.security.Authenticated;
import io.stratus.dashboard.formation.FormationResponse;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The owner's one call after a suspension: restore the formation it stopped (issue 12). */
@Path("/account/formation/restore")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FormationRestoreResource {
    private final SuspensionService suspensions;

    FormationRestoreResource(SuspensionService suspensions) {
        this.suspensions = suspensions;
    }

    @POST
    public List<FormationResponse> restore() {
        return suspensions.restore();
    }
}
