// Holds the signed-in user's tokens, refreshes the access token before it expires and signs out (revoking
// the refresh token). Tokens live in localStorage so tabs share one session; refreshes across tabs are
// serialized with the Web Locks API because auth rotates refresh tokens and treats re-use as theft.

const STORAGE_KEY = 'stratus.session';
const LOCK_NAME = 'stratus.session.refresh';

/** Decodes a JWT's claims without verifying it (app verifies; the SPA only reads exp, sub, email). */
export function decodeJwt(token) {
    try {
        const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        const json = decodeURIComponent(Array.from(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')))
            .map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
        return JSON.parse(json);
    } catch {
        return {};
    }
}

/** Builds the stored session from a token answer, taking `expires_in` or else the JWT's `exp`. */
export function sessionFromTokens(answer, now = Date.now()) {
    const claims = decodeJwt(answer.access_token);
    const expiresAt = answer.expires_in ? now + Number(answer.expires_in) * 1000
        : (claims.exp ? claims.exp * 1000 : now + 600_000);
    return {
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token || null,
        issuedAt: now,
        expiresAt,
        accountId: claims.sub || null,
        email: claims.email || claims.upn || null,
    };
}

/**
 * How long to wait before refreshing: a margin of a quarter of the token's life, capped at 60 s and at least
 * 5 s, before expiry (10-minute tokens refresh 1 minute early; a token already due refreshes now).
 */
export function refreshDelayMs(session, now = Date.now()) {
    const lifetime = Math.max(0, session.expiresAt - session.issuedAt);
    const margin = Math.min(60_000, Math.max(5_000, lifetime / 4));
    return Math.max(0, session.expiresAt - margin - now);
}

export function createSession({ authApi, storage = globalThis.localStorage, locks = globalThis.navigator?.locks,
    timers = globalThis, now = () => Date.now() }) {
    let current = read();
    let timer = null;
    let inflight = null;
    const listeners = new Set();

    function read() {
        try {
            const s = JSON.parse(storage?.getItem(STORAGE_KEY) || 'null');
            return s && s.accessToken ? s : null;
        } catch {
            return null;
        }
    }

    function write(s) {
        current = s;
        if (s) {
            storage?.setItem(STORAGE_KEY, JSON.stringify(s));
        } else {
            storage?.removeItem(STORAGE_KEY);
        }
        schedule();
        listeners.forEach((l) => l(current));
    }

    function schedule() {
        if (timer) {
            timers.clearTimeout(timer);
            timer = null;
        }
        if (current?.refreshToken) {
            timer = timers.setTimeout(() => refresh().catch(() => {}), refreshDelayMs(current, now()));
        }
    }

    async function doRefresh() {
        const before = current;
        const stored = read();
        // Another tab may have rotated the token already: take its result instead of re-using ours.
        if (stored && before && stored.refreshToken !== before.refreshToken && stored.expiresAt > now() + 5_000) {
            write(stored);
            return true;
        }
        const base = stored || before;
        if (!base?.refreshToken) {
            return false;
        }
        try {
            write(sessionFromTokens(await authApi.refresh(base.refreshToken), now()));
            return true;
        } catch (e) {
            if (e.status === 400 || e.status === 401) {
                write(null);
            }
            throw e;
        }
    }

    /** Renews the access token once, however many callers ask at the same time. */
    function refresh() {
        if (!inflight) {
            const run = locks ? () => locks.request(LOCK_NAME, doRefresh) : doRefresh;
            inflight = run().finally(() => {
                inflight = null;
            });
        }
        return inflight;
    }

    schedule();
    return {
        get: () => current,
        token: () => current?.accessToken || null,
        subscribe(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
        async signIn(email, password) {
            write(sessionFromTokens(await authApi.password(email, password), now()));
            return current;
        },
        refresh,
        async signOut() {
            const refreshToken = current?.refreshToken;
            write(null);
            if (refreshToken) {
                await authApi.revoke(refreshToken).catch(() => {});
            }
        },
        /** Picks up a sign-in, refresh or sign-out done in another tab. */
        syncFromStorage() {
            const s = read();
            if (JSON.stringify(s) !== JSON.stringify(current)) {
                write(s);
            }
        },
        dispose() {
            if (timer) {
                timers.clearTimeout(timer);
            }
        },
    };
}
