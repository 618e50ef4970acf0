import { describe, expect, it, vi } from 'vitest';
import { createSession, decodeJwt, refreshDelayMs, sessionFromTokens } from '../src/lib/session.js';

function jwt(claims) {
    const b64 = (o) => Buffer.from(JSON.stringify(o), 'utf8').toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    return `${b64({ alg: 'RS256', kid: 'k' })}.${b64(claims)}.sig`;
}

function memoryStorage() {
    const m = new Map();
    return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, v), removeItem: (k) => m.delete(k) };
}

describe('token timing', () => {
    it('refreshes a 10-minute token one minute before expiry', () => {
        const s = { issuedAt: 0, expiresAt: 600_000 };
        expect(refreshDelayMs(s, 0)).toBe(540_000);
        expect(refreshDelayMs(s, 500_000)).toBe(40_000);
    });
    it('refreshes short-lived tokens at three quarters of their life, at least 5 s early', () => {
        expect(refreshDelayMs({ issuedAt: 0, expiresAt: 60_000 }, 0)).toBe(45_000);
        expect(refreshDelayMs({ issuedAt: 0, expiresAt: 8_000 }, 0)).toBe(3_000);
    });
    it('refreshes at once when the token is due or expired', () => {
        expect(refreshDelayMs({ issuedAt: 0, expiresAt: 600_000 }, 590_000)).toBe(0);
        expect(refreshDelayMs({ issuedAt: 0, expiresAt: 600_000 }, 900_000)).toBe(0);
    });
    it('takes expires_in, else the JWT exp', () => {
        const token = jwt({ sub: 'u1', email: 'a@b.c', exp: 1_000 });
        expect(sessionFromTokens({ access_token: token, expires_in: 600 }, 10_000).expiresAt).toBe(610_000);
        const s = sessionFromTokens({ access_token: token }, 10_000);
        expect(s.expiresAt).toBe(1_000_000);
        expect(s.accountId).toBe('u1');
        expect(s.email).toBe('a@b.c');
    });
    it('decodes unicode claims and survives garbage', () => {
        expect(decodeJwt(jwt({ name: 'Zoë' })).name).toBe('Zoë');
        expect(decodeJwt('nope')).toEqual({});
    });
});

describe('session', () => {
    function setup({ refreshAnswer } = {}) {
        vi.useFakeTimers();
        let clock = 0;
        const authApi = {
            password: vi.fn(async () => ({ access_token: jwt({ sub: 'u1' }), refresh_token: 'r1', expires_in: 600 })),
            refresh: vi.fn(refreshAnswer || (async (rt) => ({ access_token: jwt({ sub: 'u1', n: rt }), refresh_token: rt + '+', expires_in: 600 }))),
            revoke: vi.fn(async () => ({})),
        };
        const storage = memoryStorage();
        const session = createSession({ authApi, storage, locks: null, timers: globalThis, now: () => clock });
        return { session, authApi, storage, advance: (ms) => { clock += ms; return vi.advanceTimersByTimeAsync(ms); } };
    }

    it('refreshes before expiry, rotating the refresh token', async () => {
        const { session, authApi, advance } = setup();
        await session.signIn('a@b.c', 'pw');
        await advance(539_000);
        expect(authApi.refresh).not.toHaveBeenCalled();
        await advance(1_000);
        expect(authApi.refresh).toHaveBeenCalledWith('r1');
        expect(session.get().refreshToken).toBe('r1+');
        await advance(540_000);
        expect(authApi.refresh).toHaveBeenLastCalledWith('r1+');
        vi.useRealTimers();
    });

    it('sends one refresh however many callers ask at once', async () => {
        const { session, authApi } = setup();
        await session.signIn('a@b.c', 'pw');
        await Promise.all([session.refresh(), session.refresh(), session.refresh()]);
        expect(authApi.refresh).toHaveBeenCalledTimes(1);
        vi.useRealTimers();
    });

    it('adopts a token another tab already rotated instead of re-using the old one', async () => {
        const { session, authApi, storage } = setup();
        await session.signIn('a@b.c', 'pw');
        const other = { ...session.get(), refreshToken: 'r2', accessToken: jwt({ sub: 'u1', tab: 2 }), expiresAt: 600_000 };
        storage.setItem('stratus.session', JSON.stringify(other));
        expect(await session.refresh()).toBe(true);
        expect(authApi.refresh).not.toHaveBeenCalled();
        expect(session.get().refreshToken).toBe('r2');
        vi.useRealTimers();
    });

    it('signs out when auth refuses the refresh token', async () => {
        const err = Object.assign(new Error('invalid_grant'), { status: 400 });
        const { session } = setup({ refreshAnswer: async () => { throw err; } });
        await session.signIn('a@b.c', 'pw');
        await expect(session.refresh()).rejects.toBe(err);
        expect(session.get()).toBeNull();
        vi.useRealTimers();
    });

    it('signs out by forgetting the tokens and revoking the refresh token', async () => {
        const { session, authApi, storage } = setup();
        await session.signIn('a@b.c', 'pw');
        const seen = [];
        session.subscribe((s) => seen.push(s));
        await session.signOut();
        expect(authApi.revoke).toHaveBeenCalledWith('r1');
        expect(storage.getItem('stratus.session')).toBeNull();
        expect(seen).toEqual([null]);
        vi.useRealTimers();
    });
});
