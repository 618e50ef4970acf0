package io.stratus.dashboard.live;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/** A handshake without a valid user token gets 401 and no upgrade (spec §5). */
@ApplicationScoped
public class EventSocketAuth implements HttpUpgradeCheck {
    private final SocketTokens tokens;

    EventSocketAuth(SocketTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        var request = context.httpRequest();
        String authorization = request.getHeader("Authorization");
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        // Off the event loop: verifying may fetch auth's JWKS.
        return Uni.createFrom().item(() -> tokens.verify(authorization, protocols).isPresent()
                        ? CheckResult.permitUpgradeSync() : CheckResult.rejectUpgradeSync(401))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return endpointId.equals(EventSocket.class.getName());
    }
}
