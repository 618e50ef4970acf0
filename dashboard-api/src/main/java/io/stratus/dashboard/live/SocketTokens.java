package io.stratus.dashboard.live;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.stratus.common.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads the bearer token of a WebSocket handshake (spec §5): {@code Authorization: Bearer}, or the subprotocol
 * {@code stratus.bearer.<base64url token>} that browsers can send. Never a query-string token. Verified with
 * SmallRye JWT like every HTTP request (the upgrade has no security identity with lazy auth).
 */
@ApplicationScoped
public class SocketTokens {
    static final String SUBPROTOCOL = "stratus.events.v1";
    static final String BEARER_PROTOCOL = "stratus.bearer.";

    private final JWTParser parser;

    SocketTokens(JWTParser parser) {
        this.parser = parser;
    }

    /** A verified user of the feed. */
    record SocketUser(UUID accountId, Instant expiresAt) {
    }

    Optional<SocketUser> verify(String authorization, String protocols) {
        String token = token(authorization, protocols);
        if (token == null) {
            return Optional.empty();
        }
        try {
            JsonWebToken jwt = parser.parse(token);
            if (jwt.getGroups().contains(Caller.GROUP_SERVICE)) {
                return Optional.empty();
            }
            return Optional.of(new SocketUser(UUID.fromString(jwt.getSubject()),
                    Instant.ofEpochSecond(jwt.getExpirationTime())));
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    static String token(String authorization, String protocols) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        if (protocols != null) {
            for (String protocol : protocols.split(",")) {
                String p = protocol.trim();
                if (p.startsWith(BEARER_PROTOCOL)) {
                    try {
                        return new String(Base64.getUrlDecoder().decode(p.substring(BEARER_PROTOCOL.length())),
                                StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
