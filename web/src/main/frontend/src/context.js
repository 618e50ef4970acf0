// The app-wide services, created once at start-up (main.jsx) and used by every page.
export const ctx = {
    config: null,
    session: null,
    api: null,
    authApi: null,
    tracker: null,
    live: null,
};

const liveListeners = new Set();

/** Pages listen to live frames while they are shown; the one socket is shared. */
export function onLive(listener) {
    liveListeners.add(listener);
    return () => liveListeners.delete(listener);
}

export function emitLive(frame) {
    liveListeners.forEach((l) => l(frame));
}
