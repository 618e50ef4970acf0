package io.stratus.auth.key;

import io.quarkus.security.Authenticated;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Key rotation (admins only). */
@Path("/admin/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AdminSigningKeyResource {
    private final KeyRing keyRing;
    private final Caller caller;

    AdminSigningKeyResource(KeyRing keyRing, Caller caller) {
        this.keyRing = keyRing;
        this.caller = caller;
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Make the pre-published next key active; old tokens verify until they expire")
    public Map<String, String> rotate() {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only administrators may rotate signing keys.");
        }
        return Map.of("active_kid", keyRing.rotate());
    }
}
