package io.stratus.auth.authorization;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The revocation feed app instances poll every ~2 s. Unauthenticated on purpose: it lists only ids of tokens that
 * no longer work, and a verifier must be able to read it without a token of its own.
 */
@Path("/oauth/revocations")
@Produces(MediaType.APPLICATION_JSON)
public class RevocationResource {
    static final int PAGE = 1000;

    /** One page of the feed; poll again with {@code since=next_since}. */
    public record RevocationFeed(List<Entry> revocations, long nextSince, boolean more) {
    }

    public record Entry(String jti, Instant expiresAt) {
    }

    private final RevocationRepository revocations;

    RevocationResource(RevocationRepository revocations) {
        this.revocations = revocations;
    }

    @GET
    @Transactional
    @Operation(summary = "Revoked token ids (jti) after a cursor, with their expiry")
    public RevocationFeed feed(@QueryParam("since") Long since) {
        long cursor = since == null || since < 0 ? 0 : since;
        List<Revocation> page = revocations.after(cursor, Instant.now(), PAGE);
        long next = page.isEmpty() ? Math.max(cursor, 0) : page.get(page.size() - 1).seq;
        if (page.isEmpty() && cursor == 0) {
            next = revocations.latestSeq();
        }
        return new RevocationFeed(page.stream().map(r -> new Entry(r.jti, r.expiresAt)).toList(), next,
                page.size() == PAGE);
    }
}
