import { ApiError, errorFromBody, networkError } from './errors.js';

const MAX_PAGES = 100;

/** Parses a Heroku `Next-Range` (`name ]my-app..; max=200, order=asc`) enough to know it is well formed. */
export function parseRange(header) {
    if (!header || !header.trim()) {
        return null;
    }
    const [head, ...params] = header.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
    const m = /^(\w+)\s*(.*)$/.exec(head);
    if (!m) {
        return null;
    }
    const range = { field: m[1], bounds: m[2], max: null, order: null };
    for (const p of params) {
        const [k, v] = p.split('=').map((s) => s.trim());
        if (k === 'max') {
            range.max = Number(v);
        } else if (k === 'order') {
            range.order = v;
        }
    }
    return range;
}

/**
 * A small JSON client for the platform's REST APIs.
 * getToken() gives the current access token; refresh() renews it once when an answer is 401.
 */
export function createHttp({ baseUrl = '', getToken = () => null, refresh = null, onUnauthorized = () => {},
    fetchImpl = (...a) => fetch(...a) } = {}) {

    async function send(method, path, { body, headers = {}, form } = {}) {
        const h = { Accept: 'application/json', ...headers };
        let payload;
        if (form) {
            h['Content-Type'] = 'application/x-www-form-urlencoded';
            payload = new URLSearchParams(form).toString();
        } else if (body !== undefined) {
            h['Content-Type'] = 'application/json';
            payload = JSON.stringify(body);
        }
        const token = getToken();
        if (token) {
            h.Authorization = `Bearer ${token}`;
        }
        try {
            return await fetchImpl(baseUrl + path, { method, headers: h, body: payload });
        } catch {
            throw networkError();
        }
    }

    async function readBody(res) {
        const text = await res.text();
        if (!text) {
            return null;
        }
        try {
            return JSON.parse(text);
        } catch {
            return text;
        }
    }

    async function raw(method, path, options = {}) {
        let res = await send(method, path, options);
        if (res.status === 401 && refresh && getToken() && !options.noRetry) {
            if (await refresh().catch(() => false)) {
                res = await send(method, path, options);
            }
        }
        const data = await readBody(res);
        if (!res.ok) {
            const err = errorFromBody(res.status, data);
            if (res.status === 401) {
                onUnauthorized(err);
            }
            throw err;
        }
        return { status: res.status, headers: res.headers, data };
    }

    async function request(method, path, options) {
        return (await raw(method, path, options)).data;
    }

    /** Reads every page of a Range-paged list: 206 + Next-Range means more; 200 (or no Next-Range) ends. */
    async function list(path, { range } = {}) {
        const items = [];
        let next = range || null;
        const seen = new Set();
        for (let page = 0; page < MAX_PAGES; page++) {
            const { status, headers, data } = await raw('GET', path, { headers: next ? { Range: next } : {} });
            if (Array.isArray(data)) {
                items.push(...data);
            }
            const nextRange = headers.get('Next-Range');
            if (status !== 206 || !nextRange || !parseRange(nextRange) || seen.has(nextRange)) {
                return items;
            }
            // A server repeating the same Next-Range would page forever (the Heroku CLI's failure mode).
            seen.add(nextRange);
            next = nextRange;
        }
        throw new ApiError(0, 'too_many_pages', 'The list is too long to show.');
    }

    return {
        raw,
        request,
        list,
        get: (p, o) => request('GET', p, o),
        post: (p, body, o = {}) => request('POST', p, { ...o, body }),
        patch: (p, body, o = {}) => request('PATCH', p, { ...o, body }),
        del: (p, o) => request('DELETE', p, o),
    };
}
