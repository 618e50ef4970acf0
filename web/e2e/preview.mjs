// A UI check that needs no platform APIs: the dashboard served by app (or any static server) with every API
// call and the /events WebSocket answered from spec-shaped fixtures (../shared/spec). It catches page errors,
// checks the main flows render, and saves screenshots at desktop and phone width to $E2E_OUT/preview-*.png.
// It is no substitute for scenarios.mjs, which runs against the real platform.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(new URL('../src/main/frontend/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const APP = process.env.STRATUS_APP_URL.replace(/\/+$/, '');
const OUT = process.env.E2E_OUT;
const now = new Date();
const iso = (msAgo) => new Date(now.getTime() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = `${b64({ alg: 'RS256' })}.${b64({ sub: 'acct-1', email: 'demo@stratus.test', exp: Math.floor(Date.now() / 1000) + 600 })}.sig`;

const owner = { id: 'acct-1', email: 'demo@stratus.test' };
const app = { id: 'app-1', name: 'quiet-river-4821', owner, region: { id: 'r1', name: 'us' }, stack: { id: 's', name: 'heroku-24' },
    web_url: 'https://quiet-river-4821.stratusapp.test/', created_at: iso(86_400_000), updated_at: iso(3_600_000) };
const apps = [app, { ...app, id: 'app-2', name: 'api-gateway', region: { id: 'r2', name: 'eu' } }];
let formation = [{ id: 'f1', app, type: 'web', command: 'npm start', quantity: 2, size: 'standard-1x', created_at: iso(0), updated_at: iso(0) },
    { id: 'f2', app, type: 'worker', command: 'node worker.js', quantity: 0, size: 'basic', created_at: iso(0), updated_at: iso(0) }];
let vars = { DATABASE_URL: 'postgres://u:p@db/app', GREETING: 'hello' };
const releases = [3, 2, 1].map((v) => ({ id: 'rel-' + v, version: v, current: v === 3, eligible_for_rollback: true, status: 'succeeded',
    description: { 1: 'Initial release', 2: 'Set DATABASE_URL config vars', 3: 'Set GREETING config vars' }[v], user: owner, created_at: iso(v * 1e6) }));
const fixtures = {
    'GET /account': { id: 'acct-1', email: owner.email, allow_tracking: true, verified: false,
        delinquent_at: '2026-11-20T00:00:00Z', suspended_at: null },
    'GET /apps': apps,
    'GET /apps/quiet-river-4821': app,
    'GET /apps/app-1/formation': () => formation,
    'GET /apps/app-1/dynos': () => formation.flatMap((f) => Array.from({ length: f.quantity }, (_, i) => ({
        id: `${f.type}.${i + 1}`, name: `${f.type}.${i + 1}`, type: f.type, command: f.command, size: f.size, state: i ? 'starting' : 'up' }))),
    'GET /apps/app-1/config-vars': () => vars,
    'GET /apps/app-1/releases': releases,
    'GET /apps/app-1/collaborators': [{ id: 'c1', role: 'owner', user: owner }, { id: 'c2', role: 'collaborator', user: { id: 'u2', email: 'sam@stratus.test' } }],
    'GET /v1/projects': [{ id: 'p1', name: 'Stratus dashboard', token: '0123456789abcdef0123456789abcdef' }],
    'GET /v1/projects/p1/events/names': [{ event: 'Page Viewed', count: 1200 }, { event: 'App Created', count: 140 }, { event: 'Formation Scaled', count: 95 }],
    'GET /v1/projects/p1/events/series': () => ({ series: ['Page Viewed', 'App Created'].map((event, k) => ({ event, total: 500, uniques: 40,
        points: Array.from({ length: 30 }, (_, i) => ({ t: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 29 + i)).toISOString(),
            count: Math.round((k ? 5 : 30) + 10 * Math.sin(i / 3) + i), uniques: 5 })) })) }),
    'GET /v1/projects/p1/properties': [{ property: 'page', count: 1200 }],
    'GET /v1/projects/p1/breakdown': { values: [{ value: 'apps', count: 700, uniques: 30 }, { value: 'billing', count: 200, uniques: 12 }], other: 0, missing: 3 },
    'GET /v1/projects/p1/funnel': { steps: [{ event: 'Page Viewed', users: 40, from_previous: 1, from_start: 1 },
        { event: 'App Created', users: 18, from_previous: 0.45, from_start: 0.45 }] },
    'GET /v1/projects/p1/retention': { cohorts: [{ cohort: '2026-11-01', users: 20, values: [20, 9, 6, 4] }, { cohort: '2026-11-02', users: 12, values: [12, 5, 3] }] },
    'GET /account/standing': { verified: false, delinquent_at: '2026-11-20T00:00:00Z', suspended_at: null, app_limit: 100 },
    'GET /account/invoices': [{ id: 'i1', number: 10001, period: '2026-10', period_start: '2026-10-01T00:00:00Z',
        period_end: '2026-11-01T00:00:00Z', charges_total: 7000, credits_total: 2000, total: 5000, currency: 'USD', state: 'pending' }],
    'GET /account/invoices/10001': { id: 'i1', number: 10001, period: '2026-10', charges_total: 7000, credits_total: 2000,
        total: 5000, currency: 'USD', state: 'pending', lines: [
            { type: 'dyno', app: 'quiet-river-4821', process_type: 'web', size: 'standard-1x', seconds: 2592000, amount_cents: 5000 },
            { type: 'dyno', app: 'api-gateway', process_type: 'web', size: 'basic', seconds: 2678400, amount_cents: 2000 }] },
    'GET /account/credits': [{ id: 'cr1', amount: 2000, balance: 0, title: 'Welcome credit', granted_at: '2026-10-01T00:00:00Z' }],
    'GET /account/payment-methods': [{ id: 'pm1', brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030, verified: true }],
};

async function main() {
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(8_000);
    await context.route('**/config.json', (r) => r.fulfill({ json: { authUrl: 'http://auth.preview.test' } }));
    await context.route('http://auth.preview.test/**', (r) => r.fulfill({
        json: { access_token: token, refresh_token: 'r1', expires_in: 600, token_type: 'bearer' },
        headers: { 'Access-Control-Allow-Origin': '*' } }));
    let socket = null;
    await context.routeWebSocket(/\/events/, (ws) => {
        socket = ws;
    });
    const api = /\/(account|apps|v1)(\/|$|\?)/;
    await context.route((url) => url.origin === new URL(APP).origin && api.test(url.pathname + '/'), (r) => {
        const url = new URL(r.request().url());
        const key = `${r.request().method()} ${url.pathname}`;
        if (key === 'PATCH /apps/app-1/config-vars') {
            vars = Object.fromEntries(Object.entries({ ...vars, ...r.request().postDataJSON() }).filter(([, v]) => v !== null));
            return r.fulfill({ json: vars });
        }
        const f = fixtures[key];
        if (f === undefined) {
            return r.fulfill({ status: 404, json: { id: 'not_found', message: `No fixture for ${key}.` } });
        }
        return r.fulfill({ json: typeof f === 'function' ? f() : f });
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let passed = 0; let failed = 0;
    const step = async (name, fn) => {
        try {
            await fn();
            if (errors.length) {
                throw new Error('page errors: ' + errors.join('; '));
            }
            passed++;
            console.log(`PASS ${name}`);
        } catch (e) {
            failed++;
            console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
        }
        errors.length = 0;
        await page.screenshot({ path: join(OUT, `preview-${name}.png`), fullPage: true }).catch(() => {});
    };

    await step('signin', async () => {
        await page.goto(APP + '/#/signin');
        await page.getByLabel('Email').fill('demo@stratus.test');
        await page.getByLabel('Password').fill('password-1234');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('link', { name: 'quiet-river-4821' }).waitFor();
    });
    await step('apps-delete-confirm', async () => {
        await page.getByRole('button', { name: 'Delete api-gateway' }).click();
        await page.getByRole('dialog').waitFor();
        const del = page.getByRole('dialog').getByRole('button', { name: 'Delete app' });
        if (await del.isEnabled()) {
            throw new Error('delete enabled before the name was typed');
        }
        await page.getByRole('dialog').getByLabel(/Type/).fill('api-gateway');
        if (!(await del.isEnabled())) {
            throw new Error('delete still disabled after typing the name');
        }
    });
    await step('app', async () => {
        await page.keyboard.press('Escape');
        await page.getByRole('link', { name: 'quiet-river-4821' }).click();
        await page.getByText('web.2').waitFor();
        await page.getByText('Rollback', { exact: false }).first().waitFor().catch(() => {});
        await page.getByRole('button', { name: 'Roll back to v1' }).waitFor();
    });
    await step('live', async () => {
        await page.getByText('Live', { exact: true }).waitFor();
        vars = { ...vars, FROM_CLI: 'pushed' };
        socket.send(JSON.stringify({ id: 1, type: 'event', resource: 'config-vars', action: 'update',
            data: { app: { id: 'app-1', name: app.name }, set: ['FROM_CLI'], removed: [] }, at: iso(0) }));
        await page.getByRole('rowheader', { name: 'FROM_CLI' }).waitFor({ timeout: 1_000 });
        socket.close({ code: 1006 });
        await page.getByText('Reconnecting…').waitFor();
        await page.getByText('Live', { exact: true }).waitFor();
    });
    await step('analytics', async () => {
        await page.goto(APP + '/#/analytics');
        await page.locator('.chart canvas').waitFor();
        await page.getByRole('cell', { name: 'App Created' }).waitFor();
        await page.locator('select[name="step-1"]').selectOption('Page Viewed');
        await page.locator('select[name="step-2"]').selectOption('App Created');
        await page.getByRole('button', { name: 'Run funnel' }).click();
        await page.getByText('18 users').waitFor();
        await page.locator('select[name="start-event"]').selectOption('Page Viewed');
        await page.locator('select[name="return-event"]').selectOption('App Created');
        await page.getByRole('button', { name: 'Show retention' }).click();
        await page.getByRole('rowheader', { name: '2026-11-01' }).waitFor();
    });
    await step('billing', async () => {
        await page.goto(APP + '/#/billing');
        await page.getByText('delinquent', { exact: true }).waitFor();
        await page.getByRole('alert').filter({ hasText: 'An invoice is overdue' }).waitFor();
        await page.getByText('Monthly cost at the current formation').waitFor();
        await page.getByRole('button', { name: /#10001/ }).click();
        await page.getByRole('cell', { name: 'quiet-river-4821 · web · standard-1x' }).waitFor();
        // No payment endpoint in the fixtures: the page says paying is not available rather than "Not found.".
        await page.getByRole('button', { name: 'Pay $50.00' }).click();
        await page.getByText('Paying an invoice from the dashboard is not available on this server yet.').waitFor();
    });
    await step('phone-app', async () => {
        await page.setViewportSize({ width: 375, height: 800 });
        await page.goto(APP + '/#/apps/quiet-river-4821');
        await page.getByText('web.2').waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        if (overflow) {
            throw new Error('the app page scrolls sideways at phone width');
        }
    });
    await browser.close();
    console.log(`preview: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
