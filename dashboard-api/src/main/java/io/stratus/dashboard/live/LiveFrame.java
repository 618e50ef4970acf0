package io.stratus.dashboard.live;

import java.util.Set;
import java.util.UUID;

/** One committed event as the listener hands it to sockets: the frame text already carries its id. */
record LiveFrame(long id, UUID appId, Set<UUID> audience, String text) {

    static LiveFrame of(long id, UUID appId, Set<UUID> audience, String storedFrame) {
        // The outbox stores the frame without its id: the id is assigned at commit, after the frame was written.
        return new LiveFrame(id, appId, audience, "{\"id\":" + id + "," + storedFrame.substring(1));
    }
}
