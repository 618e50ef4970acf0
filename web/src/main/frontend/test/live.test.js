import { describe, expect, it, vi } from 'vitest';
import { backoffMs, base64url, createLiveFeed, feedUrl, STATES, subprotocols } from '../src/lib/live.js';

class FakeSocket {
    static all = [];
    constructor(url, protocols) {
        this.url = url;
        this.protocols = protocols;
        FakeSocket.all.push(this);
    }
    open() { this.onopen?.(); }
    frame(f) { this.onmessage?.({ data: JSON.stringify(f) }); }
    drop(code = 1006) { this.onclose?.({ code }); }
    close(code) { this.closedWith = code; this.onclose?.({ code }); }
}

function setup(extra = {}) {
    vi.useFakeTimers();
    FakeSocket.all = [];
    const events = [];
    const states = [];
    const feed = createLiveFeed({
        base: 'http://localhost:8080/', getToken: () => 'tok', WebSocketImpl: FakeSocket, random: () => 1,
        onEvent: (e) => events.push(e), onState: (s) => states.push(s), ...extra,
    });
    return { feed, events, states, last: () => FakeSocket.all[FakeSocket.all.length - 1] };
}

describe('live feed helpers', () => {
    it('carries the token as unpadded base64url in the second subprotocol', () => {
        expect(base64url('a.b?c>')).toBe('YS5iP2M-');
        expect(subprotocols('abc')).toEqual(['stratus.events.v1', 'stratus.bearer.YWJj']);
    });
    it('builds ws and wss URLs with since', () => {
        expect(feedUrl('http://h:8080/x', { since: 42 })).toBe('ws://h:8080/events?since=42');
        expect(feedUrl('https://h/', {})).toBe('wss://h/events');
    });
    it('backs off exponentially up to 15 s', () => {
        expect([0, 1, 2, 3, 10].map((a) => backoffMs(a, () => 1))).toEqual([500, 1000, 2000, 4000, 15000]);
        expect(backoffMs(0, () => 0)).toBe(250);
    });
});

describe('live feed', () => {
    it('connects, delivers events and remembers the last id', () => {
        const { feed, events, states, last } = setup();
        feed.start();
        expect(last().url).toBe('ws://localhost:8080/events');
        last().open();
        last().frame({ id: 7, type: 'event', resource: 'formation', action: 'update', data: {} });
        last().frame({ id: 8, type: 'ping' });
        expect(events).toHaveLength(1);
        expect(feed.lastId()).toBe(8);
        expect(states).toEqual([STATES.CONNECTING, STATES.OPEN]);
        vi.useRealTimers();
    });

    it('reconnects after a drop with backoff, resuming from the last id', async () => {
        const { feed, states, last } = setup();
        feed.start();
        last().open();
        last().frame({ id: 12, type: 'event', resource: 'app', action: 'update', data: {} });
        last().drop();
        expect(states.at(-1)).toBe(STATES.RECONNECTING);
        expect(FakeSocket.all).toHaveLength(1);
        await vi.advanceTimersByTimeAsync(500);
        expect(FakeSocket.all).toHaveLength(2);
        expect(last().url).toBe('ws://localhost:8080/events?since=12');
        last().drop();
        await vi.advanceTimersByTimeAsync(999);
        expect(FakeSocket.all).toHaveLength(2);
        await vi.advanceTimersByTimeAsync(1);
        expect(FakeSocket.all).toHaveLength(3);
        last().open();
        expect(states.at(-1)).toBe(STATES.OPEN);
        vi.useRealTimers();
    });

    it('starts afresh and asks for a refetch on 4410', async () => {
        const onResync = vi.fn();
        const { feed, last } = setup({ onResync });
        feed.start();
        last().open();
        last().frame({ id: 3, type: 'event', resource: 'app', action: 'update', data: {} });
        last().drop(4410);
        expect(onResync).toHaveBeenCalledOnce();
        await vi.advanceTimersByTimeAsync(0);
        expect(last().url).toBe('ws://localhost:8080/events');
        vi.useRealTimers();
    });

    it('refreshes the token on 4401 and reconnects with it', async () => {
        const refreshToken = vi.fn(async () => true);
        const { feed, last } = setup({ refreshToken });
        feed.start();
        last().open();
        last().drop(4401);
        await vi.advanceTimersByTimeAsync(0);
        expect(refreshToken).toHaveBeenCalledOnce();
        expect(FakeSocket.all).toHaveLength(2);
        vi.useRealTimers();
    });

    it('stays closed after stop', async () => {
        const { feed, states, last } = setup();
        feed.start();
        last().open();
        feed.stop();
        expect(last().closedWith).toBe(1000);
        await vi.advanceTimersByTimeAsync(60_000);
        expect(FakeSocket.all).toHaveLength(1);
        expect(states.at(-1)).toBe(STATES.CLOSED);
        vi.useRealTimers();
    });
});
