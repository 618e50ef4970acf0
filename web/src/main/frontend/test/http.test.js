import { describe, expect, it, vi } from 'vitest';
import { createHttp, parseRange } from '../src/lib/http.js';
import { createApi, normalizeRetention } from '../src/lib/api.js';

function response(status, body, headers = {}) {
    return new Response(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
        { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function fakeFetch(...answers) {
    const calls = [];
    const fn = vi.fn(async (url, init) => {
        calls.push({ url, init });
        const next = answers.shift();
        if (next instanceof Error) {
            throw next;
        }
        return next;
    });
    fn.calls = calls;
    return fn;
}

describe('createHttp', () => {
    it('sends the bearer token and JSON body', async () => {
        const f = fakeFetch(response(201, { id: 'a1', name: 'demo' }));
        const http = createHttp({ baseUrl: 'http://x', getToken: () => 'T', fetchImpl: f });
        expect(await http.post('/apps', { name: 'demo' })).toEqual({ id: 'a1', name: 'demo' });
        expect(f.calls[0].url).toBe('http://x/apps');
        expect(f.calls[0].init.headers.Authorization).toBe('Bearer T');
        expect(f.calls[0].init.headers['Content-Type']).toBe('application/json');
        expect(f.calls[0].init.body).toBe('{"name":"demo"}');
    });

    it('surfaces the platform JSON error message and id', async () => {
        const f = fakeFetch(response(422, { id: 'invalid_params', message: 'Name is already taken' }));
        const http = createHttp({ fetchImpl: f });
        await expect(http.post('/apps', {})).rejects.toMatchObject({
            status: 422, id: 'invalid_params', message: 'Name is already taken',
        });
    });

    it('explains errors that are not JSON', async () => {
        const f = fakeFetch(response(502, '<html>bad gateway</html>', { 'Content-Type': 'text/html' }));
        await expect(createHttp({ fetchImpl: f }).get('/apps')).rejects.toMatchObject({
            status: 502, message: 'Request failed (HTTP 502).',
        });
    });

    it('reports a network failure as such', async () => {
        const f = fakeFetch(new TypeError('Failed to fetch'));
        await expect(createHttp({ fetchImpl: f }).get('/apps')).rejects.toMatchObject({ status: 0, id: 'network' });
    });

    it('refreshes once on 401 and retries with the new token', async () => {
        let token = 'old';
        const f = fakeFetch(response(401, { id: 'unauthorized', message: 'Invalid credentials provided.' }),
            response(200, { id: 'me' }));
        const refresh = vi.fn(async () => {
            token = 'new';
            return true;
        });
        const http = createHttp({ getToken: () => token, refresh, fetchImpl: f });
        expect(await http.get('/account')).toEqual({ id: 'me' });
        expect(refresh).toHaveBeenCalledTimes(1);
        expect(f.calls[1].init.headers.Authorization).toBe('Bearer new');
    });

    it('signals unauthorized when the refresh does not help', async () => {
        const f = fakeFetch(response(401, { id: 'unauthorized', message: 'Invalid credentials provided.' }));
        const onUnauthorized = vi.fn();
        const http = createHttp({ getToken: () => 't', refresh: async () => false, onUnauthorized, fetchImpl: f });
        await expect(http.get('/account')).rejects.toMatchObject({ status: 401 });
        expect(onUnauthorized).toHaveBeenCalledOnce();
    });

    it('sends forms url-encoded (the OAuth2 token endpoint)', async () => {
        const f = fakeFetch(response(200, { access_token: 'a' }));
        await createHttp({ fetchImpl: f }).request('POST', '/oauth/token', { form: { grant_type: 'password', username: 'a+b@x.io' } });
        expect(f.calls[0].init.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
        expect(f.calls[0].init.body).toBe('grant_type=password&username=a%2Bb%40x.io');
    });
});

describe('Range paging', () => {
    it('parses Heroku ranges', () => {
        expect(parseRange('name ]my-app..; max=200, order=asc')).toEqual({
            field: 'name', bounds: ']my-app..', max: 200, order: 'asc',
        });
        expect(parseRange('')).toBeNull();
    });

    it('follows Next-Range on 206 until a 200', async () => {
        const f = fakeFetch(
            response(206, [{ name: 'a' }, { name: 'b' }], { 'Next-Range': 'name ]b..; max=2, order=asc' }),
            response(200, [{ name: 'c' }]));
        const items = await createHttp({ fetchImpl: f }).list('/apps', { range: 'name ..; max=2' });
        expect(items.map((i) => i.name)).toEqual(['a', 'b', 'c']);
        expect(f.calls[0].init.headers.Range).toBe('name ..; max=2');
        expect(f.calls[1].init.headers.Range).toBe('name ]b..; max=2, order=asc');
    });

    it('stops on a 206 without Next-Range', async () => {
        const f = fakeFetch(response(206, [{ name: 'a' }]));
        expect(await createHttp({ fetchImpl: f }).list('/apps')).toHaveLength(1);
        expect(f).toHaveBeenCalledTimes(1);
    });

    it('does not loop on a server that repeats the same Next-Range', async () => {
        const again = () => response(206, [{ name: 'a' }], { 'Next-Range': 'name ]a..; max=1' });
        const f = fakeFetch(again(), again(), again());
        const items = await createHttp({ fetchImpl: f }).list('/apps');
        expect(f).toHaveBeenCalledTimes(2);
        expect(items).toHaveLength(2);
    });
});

describe('api endpoints', () => {
    it('puts the idempotency key on payments and escapes path segments', async () => {
        const f = fakeFetch(response(201, { state: 'succeeded' }));
        const api = createApi({ getToken: () => 't', fetchImpl: f });
        await api.payInvoice('2026/11', 'pm_1', 'key-1');
        expect(f.calls[0].url).toBe('/account/invoices/2026%2F11/payments');
        expect(f.calls[0].init.headers['Idempotency-Key']).toBe('key-1');
        expect(JSON.parse(f.calls[0].init.body)).toEqual({ payment_method_id: 'pm_1' });
    });

    it('encodes analytics query parameters, repeating funnel steps', async () => {
        const f = fakeFetch(response(200, { steps: [] }));
        const api = createApi({ fetchImpl: f });
        await api.funnel('p1', { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z',
            step: ['signup', 'scale'], window: 'P7D', where: { plan: 'pro' } });
        const url = new URL(f.calls[0].url, 'http://x');
        expect(url.pathname).toBe('/v1/projects/p1/funnel');
        expect(url.searchParams.getAll('step')).toEqual(['signup', 'scale']);
        expect(JSON.parse(url.searchParams.get('where'))).toEqual({ plan: 'pro' });
    });

    it('normalizes retention matrices of either shape', () => {
        expect(normalizeRetention({ cohorts: [{ cohort: '2026-11-01', users: 10, values: [10, 4, 2] }] }))
            .toEqual([{ cohort: '2026-11-01', users: 10, values: [10, 4, 2] }]);
        expect(normalizeRetention([{ start: '2026-11-01', size: 5, retained: [5, { users: 1 }] }]))
            .toEqual([{ cohort: '2026-11-01', users: 5, values: [5, 1] }]);
    });
});
