// Every platform endpoint the dashboard calls, in one place, so that a change of shape in another module is a
// one-line fix here. Paths follow ../shared/spec (platform-api.md, analytics.md, billing.md, auth.md).
import { createHttp } from './http.js';

const enc = encodeURIComponent;

export const DYNO_SIZES = [
    { name: 'eco', cents: 0 }, { name: 'basic', cents: 700 }, { name: 'standard-1x', cents: 2500 },
    { name: 'standard-2x', cents: 5000 }, { name: 'performance-m', cents: 25000 },
    { name: 'performance-l', cents: 50000 }, { name: 'performance-l-ram', cents: 50000 },
    { name: 'performance-xl', cents: 75000 }, { name: 'performance-2xl', cents: 150000 },
];

function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
        if (Array.isArray(v)) {
            v.filter((x) => x !== '' && x != null).forEach((x) => q.append(k, x));
        } else if (v !== undefined && v !== null && v !== '') {
            q.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
        }
    }
    const s = q.toString();
    return s ? '?' + s : '';
}

export function newIdempotencyKey() {
    return globalThis.crypto?.randomUUID ? crypto.randomUUID()
        : 'k-' + Date.now().toString(36) + Math.random().toString(36).slice(2);
}

/** billing's AddPaymentMethodRequest: {number, exp_month, exp_year, cvc}, the number without spaces. */
export function cardRequest({ number, exp_month: expMonth, exp_year: expYear, cvc }) {
    const body = { number: String(number || '').replace(/[\s-]+/g, ''), exp_month: Number(expMonth),
        exp_year: Number(expYear) };
    if (cvc) {
        body.cvc = String(cvc);
    }
    return body;
}

/** The platform API on app's origin (dashboard-api, analytics queries, billing). */
export function createApi(options) {
    const http = createHttp(options);
    const app = (a) => `/apps/${enc(a)}`;
    const project = (id) => `/v1/projects/${enc(id)}`;
    return {
        http,
        account: () => http.get('/account'),

        apps: () => http.list('/apps', { range: 'name ..; max=200' }),
        app: (a) => http.get(app(a)),
        createApp: (body) => http.post('/apps', body),
        renameApp: (a, name) => http.patch(app(a), { name }),
        deleteApp: (a) => http.del(app(a)),

        formation: (a) => http.get(`${app(a)}/formation`),
        scale: (a, type, quantity, size) => http.patch(`${app(a)}/formation/${enc(type)}`, { quantity, size }),
        dynos: (a) => http.get(`${app(a)}/dynos`),
        restartDynos: (a) => http.del(`${app(a)}/dynos`),
        configVars: (a) => http.get(`${app(a)}/config-vars`),
        patchConfigVars: (a, changes) => http.patch(`${app(a)}/config-vars`, changes),
        releases: (a) => http.list(`${app(a)}/releases`, { range: 'version ..; max=50, order=desc' }),
        rollback: (a, releaseId) => http.post(`${app(a)}/releases`, { release: releaseId }),
        collaborators: (a) => http.get(`${app(a)}/collaborators`),
        addCollaborator: (a, user) => http.post(`${app(a)}/collaborators`, { user }),
        removeCollaborator: (a, user) => http.del(`${app(a)}/collaborators/${enc(user)}`),

        projects: () => http.get('/v1/projects'),
        createProject: (name) => http.post('/v1/projects', { name }),
        eventNames: (id, p) => http.get(`${project(id)}/events/names${query(p)}`),
        series: (id, p) => http.get(`${project(id)}/events/series${query(p)}`),
        properties: (id, p) => http.get(`${project(id)}/properties${query(p)}`),
        breakdown: (id, p) => http.get(`${project(id)}/breakdown${query(p)}`),
        funnel: (id, p) => http.get(`${project(id)}/funnel${query(p)}`),
        retention: (id, p) => http.get(`${project(id)}/retention${query(p)}`),

        // billing (billing/README.md). It offers no user-facing usage-so-far or default card: the billing page
        // estimates the month from the formations.
        standing: () => http.get('/account/standing'),
        invoices: () => http.get('/account/invoices'),
        invoice: (number) => http.get(`/account/invoices/${enc(number)}`),
        payInvoice: (number, paymentMethodId, key) => http.post(`/account/invoices/${enc(number)}/payments`,
            paymentMethodId ? { payment_method_id: paymentMethodId } : {}, { headers: { 'Idempotency-Key': key } }),
        credits: () => http.get('/account/credits'),
        paymentMethods: () => http.get('/account/payment-methods'),
        addPaymentMethod: (card) => http.post('/account/payment-methods', cardRequest(card)),
        removePaymentMethod: (id) => http.del(`/account/payment-methods/${enc(id)}`),
    };
}

/** auth's public endpoints (its own origin): sign-up, the token endpoint, revocation. */
export function createAuthApi({ authUrl, clientId = '', fetchImpl }) {
    const http = createHttp({ baseUrl: authUrl, fetchImpl });
    const withClient = (form) => (clientId ? { ...form, client_id: clientId } : form);
    return {
        signUp: (body) => http.post('/users', body),
        password: (username, password) =>
            http.request('POST', '/oauth/token', { form: withClient({ grant_type: 'password', username, password }) }),
        refresh: (refreshToken) => http.request('POST', '/oauth/token',
            { form: withClient({ grant_type: 'refresh_token', refresh_token: refreshToken }) }),
        revoke: (token) => http.request('POST', '/oauth/revoke',
            { form: withClient({ token, token_type_hint: 'refresh_token' }) }),
    };
}

/**
 * The spec calls the retention answer a "cohort matrix" without fixing its keys; this accepts the likely shapes
 * and gives rows of {cohort, users, values[]} (values = users returning in period i).
 */
export function normalizeRetention(data) {
    const rows = Array.isArray(data) ? data : (data?.cohorts || data?.rows || data?.matrix || []);
    return rows.map((r) => {
        if (Array.isArray(r)) {
            return { cohort: String(r[0]), users: Number(r[1]) || 0, values: r.slice(2).map(Number) };
        }
        const values = r.values || r.retained || r.counts || r.periods || r.returning || [];
        return {
            cohort: r.cohort || r.start || r.date || r.period_start || '',
            users: Number(r.users ?? r.size ?? r.count ?? r.total ?? 0),
            values: values.map((v) => (typeof v === 'object' && v !== null ? Number(v.users ?? v.count ?? 0) : Number(v))),
        };
    });
}
