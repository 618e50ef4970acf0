package io.stratus.analytics.ingest;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.stratus.common.security.Caller;
import io.stratus.common.security.RevocationList;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies the service JWT that /import accepts besides Basic auth (spec §3): a token auth signed, not revoked,
 * of a service client (group {@code service}) with scope {@code analytics:write}. The ingestion routes are plain
 * Vert.x routes outside Quarkus security, so the check is made here with the same verifier configuration
 * ({@code mp.jwt.verify.*}) that guards the JWT APIs.
 */
@ApplicationScoped
class ServiceTokens {
    static final String IMPORT_SCOPE = "analytics:write";

    enum Verdict { OK, INVALID, NO_SCOPE }

    private final JWTParser parser;
    private final RevocationList revocations;
    private final Vertx vertx;

    ServiceTokens(JWTParser parser, RevocationList revocations, Vertx vertx) {
        this.parser = parser;
        this.revocations = revocations;
        this.vertx = vertx;
    }

    static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** Checks the signature off the event loop (the verifier may fetch the JWKS). */
    Future<Verdict> verify(String authorization) {
        String raw = authorization.substring(7).trim();
        return vertx.executeBlocking(() -> verdict(raw), false);
    }

    private Verdict verdict(String raw) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(raw);
        } catch (ParseException e) {
            return Verdict.INVALID;
        }
        if (jwt.getTokenID() != null && revocations.isRevoked(jwt.getTokenID())) {
            return Verdict.INVALID;
        }
        Object scope = jwt.getClaim("scope");
        boolean scoped = scope != null && Arrays.asList(scope.toString().split(" ")).contains(IMPORT_SCOPE);
        return jwt.getGroups().contains(Caller.GROUP_SERVICE) && scoped ? Verdict.OK : Verdict.NO_SCOPE;
    }
}
