// The dashboard's own product analytics, sent to Stratus analytics through its Mixpanel-compatible /track
// route (base64 `data` in a form body, as mixpanel-browser sends it): the platform measures itself.

/** base64 of the UTF-8 bytes of a JSON value (btoa alone would throw on non-Latin-1 text). */
export function encodeData(value) {
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
        bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(bin);
}

function randomId() {
    return globalThis.crypto?.randomUUID ? crypto.randomUUID() : Math.random().toString(36).slice(2) + Date.now();
}

export function createTracker({ token, endpoint = '/track', fetchImpl = (...a) => fetch(...a), timers = globalThis,
    now = () => Date.now(), flushMs = 2000 }) {
    const queue = [];
    let distinctId = null;
    let enabled = Boolean(token);
    let timer = null;

    function body(events) {
        return 'data=' + encodeURIComponent(encodeData(events));
    }

    function flush({ beacon = false } = {}) {
        if (timer) {
            timers.clearTimeout(timer);
            timer = null;
        }
        if (!queue.length) {
            return Promise.resolve();
        }
        const events = queue.splice(0, 50);
        const payload = body(events);
        if (beacon && globalThis.navigator?.sendBeacon) {
            navigator.sendBeacon(endpoint, new Blob([payload], { type: 'application/x-www-form-urlencoded' }));
            return Promise.resolve();
        }
        return fetchImpl(endpoint, {
            method: 'POST', keepalive: true, body: payload,
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        }).catch(() => {});
    }

    return {
        identify(id) {
            distinctId = id;
        },
        setEnabled(on) {
            enabled = Boolean(token) && on;
            if (!enabled) {
                queue.length = 0;
            }
        },
        track(event, properties = {}) {
            if (!enabled) {
                return;
            }
            queue.push({
                event,
                properties: {
                    ...properties, token, time: now(), $insert_id: randomId(),
                    ...(distinctId ? { distinct_id: distinctId } : {}), mp_lib: 'stratus-web',
                },
            });
            if (!timer) {
                timer = timers.setTimeout(() => flush(), flushMs);
            }
        },
        flush,
        pending: () => queue.length,
    };
}
