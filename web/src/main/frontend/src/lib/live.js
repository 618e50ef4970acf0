// The live change feed (WebSocket /events, spec/platform-api.md §5): authenticates with subprotocols,
// reconnects with backoff and resumes with ?since=<last frame id> so that nothing is missed.

export const STATES = { CONNECTING: 'connecting', OPEN: 'open', RECONNECTING: 'reconnecting', CLOSED: 'closed' };

/** base64url without padding of the UTF-8 bytes, as the bearer subprotocol carries the token. */
export function base64url(text) {
    const bytes = new TextEncoder().encode(text);
    let bin = '';
    bytes.forEach((b) => {
        bin += String.fromCharCode(b);
    });
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function subprotocols(token) {
    return ['stratus.events.v1', 'stratus.bearer.' + base64url(token)];
}

/** Exponential backoff with full jitter: 0.5 s, 1 s, 2 s ... capped at 15 s. */
export function backoffMs(attempt, random = Math.random) {
    const ceiling = Math.min(15_000, 500 * 2 ** Math.min(attempt, 10));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function feedUrl(base, { since, app } = {}) {
    const url = new URL('/events', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (app) {
        url.searchParams.set('app', app);
    }
    if (since !== null && since !== undefined) {
        url.searchParams.set('since', String(since));
    }
    return url.toString();
}

export function createLiveFeed({ base, getToken, refreshToken = async () => false, onEvent = () => {},
    onState = () => {}, onResync = () => {}, WebSocketImpl = globalThis.WebSocket, timers = globalThis,
    random = Math.random }) {
    let socket = null;
    let lastId = null;
    let attempt = 0;
    let timer = null;
    let stopped = false;
    let state = null;

    function setState(s) {
        if (s !== state) {
            state = s;
            onState(s);
        }
    }

    function connect() {
        timer = null;
        const token = getToken();
        if (stopped || !token) {
            setState(STATES.CLOSED);
            return;
        }
        setState(attempt === 0 && lastId === null ? STATES.CONNECTING : STATES.RECONNECTING);
        const ws = new WebSocketImpl(feedUrl(base, { since: lastId }), subprotocols(token));
        socket = ws;
        ws.onopen = () => {
            attempt = 0;
            setState(STATES.OPEN);
        };
        ws.onmessage = (msg) => {
            let frame;
            try {
                frame = JSON.parse(msg.data);
            } catch {
                return;
            }
            if (frame.id !== undefined && frame.id !== null) {
                lastId = frame.id;
            }
            if (frame.type === 'event') {
                onEvent(frame);
            }
        };
        ws.onclose = (ev) => {
            if (socket !== ws) {
                return;
            }
            socket = null;
            if (stopped) {
                setState(STATES.CLOSED);
                return;
            }
            if (ev.code === 4410) {
                // Missed more than the server keeps: start afresh and let the page refetch everything.
                lastId = null;
                onResync();
                schedule(0);
            } else if (ev.code === 4401) {
                refreshToken().then((ok) => (ok ? schedule(0) : setState(STATES.CLOSED)), () => setState(STATES.CLOSED));
            } else {
                schedule(backoffMs(attempt++, random));
            }
        };
    }

    function schedule(delay) {
        setState(STATES.RECONNECTING);
        timer = timers.setTimeout(connect, delay);
    }

    return {
        start() {
            stopped = false;
            if (!socket && !timer) {
                connect();
            }
        },
        stop() {
            stopped = true;
            if (timer) {
                timers.clearTimeout(timer);
                timer = null;
            }
            if (socket) {
                const s = socket;
                socket = null;
                s.close(1000);
            }
            setState(STATES.CLOSED);
        },
        /** Reconnect now (the "Reconnect" button, or the browser coming back online). */
        reconnectNow() {
            if (timer) {
                timers.clearTimeout(timer);
                timer = null;
            }
            attempt = 0;
            if (!socket) {
                connect();
            }
        },
        lastId: () => lastId,
        state: () => state,
    };
}
