import { describe, expect, it, vi } from 'vitest';
import { createTracker, encodeData } from '../src/lib/track.js';
import { resolveConfig } from '../src/lib/config.js';

function decode(body) {
    const b64 = decodeURIComponent(body.replace(/^data=/, ''));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))));
}

describe('tracker', () => {
    it('encodes UTF-8 JSON as base64', () => {
        expect(JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(encodeData({ e: 'Zoë 🚀' })), (c) => c.charCodeAt(0)))))
            .toEqual({ e: 'Zoë 🚀' });
    });

    it('batches events to /track as Mixpanel data with token, time and insert id', async () => {
        vi.useFakeTimers();
        const fetchImpl = vi.fn(async () => new Response('1'));
        const t = createTracker({ token: 'tok', fetchImpl, now: () => 1795549019742 });
        t.identify('acct-1');
        t.track('Page Viewed', { page: 'apps' });
        t.track('App Created');
        await vi.advanceTimersByTimeAsync(2000);
        expect(fetchImpl).toHaveBeenCalledOnce();
        const [url, init] = fetchImpl.mock.calls[0];
        expect(url).toBe('/track');
        expect(init.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
        const events = decode(init.body);
        expect(events.map((e) => e.event)).toEqual(['Page Viewed', 'App Created']);
        expect(events[0].properties).toMatchObject({ token: 'tok', distinct_id: 'acct-1', time: 1795549019742, page: 'apps' });
        expect(events[0].properties.$insert_id).toMatch(/^[A-Za-z0-9-]{1,36}$/);
        vi.useRealTimers();
    });

    it('sends nothing without a project token or when the user opted out', () => {
        const fetchImpl = vi.fn();
        const none = createTracker({ token: '', fetchImpl });
        none.track('x');
        expect(none.pending()).toBe(0);
        const t = createTracker({ token: 'tok', fetchImpl });
        t.setEnabled(false);
        t.track('x');
        expect(t.pending()).toBe(0);
    });
});

describe('config', () => {
    it('defaults auth to the page host on port 8081', () => {
        expect(resolveConfig(null, { protocol: 'http:', hostname: 'localhost' }).authUrl).toBe('http://localhost:8081');
        expect(resolveConfig({ authUrl: 'https://auth.example/' }, {}).authUrl).toBe('https://auth.example');
    });
});
