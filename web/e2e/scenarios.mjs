// The end-to-end scenarios, in order, in one browser session, each saving a screenshot to $E2E_OUT.
// A scenario that needs an earlier one's result is skipped when that one failed.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../src/main/frontend/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const APP = process.env.STRATUS_APP_URL.replace(/\/+$/, '');
const AUTH = process.env.STRATUS_AUTH_URL.replace(/\/+$/, '');
const OUT = process.env.E2E_OUT;
const ONLY = (process.env.E2E_SCENARIOS || '').split(',').map((s) => s.trim()).filter(Boolean);
// 15 s: the browser, the platform and (in CI) the build share two cores; slow is not broken here.
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 15_000);
const LIVE_GOAL_MS = Number(process.env.E2E_LIVE_GOAL_MS || 0);
// The service client that may write billing usage and run invoices (run.sh seeds it: auth/README.md).
const SERVICE_ID = process.env.E2E_SERVICE_CLIENT_ID || 'demo-service';
const SERVICE_SECRET = process.env.E2E_SERVICE_CLIENT_SECRET || 'demo-service-secret-change-me';

const stamp = Date.now().toString(36);
const user = { name: 'E2E User', email: `e2e-${stamp}@example.test`, password: `Correct-Horse-${stamp}-9` };
const appName = `e2e-${stamp}`.slice(0, 30);

function assert(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

async function apiToken(page) {
    return page.evaluate(() => JSON.parse(localStorage.getItem('stratus.session') || '{}').accessToken);
}

async function api(page, method, path, body, extraHeaders = {}) {
    const token = typeof page === 'string' ? page : await apiToken(page);
    const res = await fetch(APP + path, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json', ...extraHeaders },
    });
    const text = await res.text();
    assert(res.ok, `${method} ${path} -> ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : null;
}

async function serviceToken() {
    const res = await fetch(AUTH + '/oauth/token', {
        method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }),
        headers: { Authorization: 'Basic ' + Buffer.from(`${SERVICE_ID}:${SERVICE_SECRET}`).toString('base64') },
    });
    const body = await res.json().catch(() => ({}));
    assert(res.ok && body.access_token,
        `client_credentials for ${SERVICE_ID} -> ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
}

/** Every input, select and textarea on the page has an accessible name (a label, aria-label or -labelledby). */
async function unlabelledControls(page) {
    return page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
        .map((el) => el.name || el.id || el.outerHTML.slice(0, 60)));
}

/** Last month as billing's period (`YYYY-MM`) and an instant inside it (UTC). */
function lastMonth(now = new Date()) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const period = start.toISOString().slice(0, 7);
    const day = (d) => new Date(start.getTime() + d * 86_400_000).toISOString();
    return { period, day };
}

const scenarios = [
    ['served', [], async (page) => {
        const res = await fetch(APP + '/');
        const html = await res.text();
        assert(res.status === 200, `GET / answered ${res.status}`);
        assert(/text\/html/.test(res.headers.get('content-type') || ''), `GET / is ${res.headers.get('content-type')}`);
        assert(html.includes('<div id="app">'), 'GET / is not the dashboard');
        const config = await fetch(APP + '/config.json');
        assert(config.status === 200, `GET /config.json answered ${config.status}`);
        await page.goto(APP + '/');
    }],
    ['signin-page', ['served'], async (page) => {
        await page.goto(APP + '/#/signin');
        await page.getByRole('heading', { name: 'Sign in to Stratus' }).waitFor();
        await page.getByLabel('Email').waitFor();
        await page.getByLabel('Password').waitFor();
        await page.getByRole('button', { name: 'Sign in' }).waitFor();
    }],
    ['signin-phone', ['signin-page'], async (page) => {
        await page.setViewportSize({ width: 375, height: 740 });
        await page.goto(APP + '/#/signup');
        await page.getByRole('heading', { name: 'Create your Stratus account' }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert(!overflow, 'the sign-up page scrolls sideways at phone width');
    }],
    ['signup', ['signin-page'], async (page) => {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(APP + '/#/signup');
        await page.getByLabel('Name').fill(user.name);
        await page.getByLabel('Email').fill(user.email);
        await page.getByLabel('Password').fill(user.password);
        await page.getByRole('button', { name: 'Create account' }).click();
        await page.getByRole('heading', { name: 'Apps' }).waitFor();
        await page.getByText('You have no apps yet').waitFor();
    }],
    ['signin', ['signup'], async (page) => {
        const session = await page.evaluate(() => JSON.parse(localStorage.getItem('stratus.session')));
        const revoked = page.waitForResponse((r) => r.url().endsWith('/oauth/revoke'));
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('heading', { name: 'Sign in to Stratus' }).waitFor();
        // Sign-out revokes the refresh token at auth (POST /oauth/revoke): it can no longer be used.
        assert((await revoked).status() === 200, `POST /oauth/revoke answered ${(await revoked).status()}`);
        const reuse = await fetch(AUTH + '/oauth/token', { method: 'POST',
            body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refreshToken }) });
        assert(reuse.status === 400, `the signed-out refresh token still works at auth (${reuse.status})`);
        await page.getByLabel('Email').fill(user.email);
        await page.getByLabel('Password').fill('wrong-' + user.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').waitFor();
        await page.getByLabel('Password').fill(user.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Apps' }).waitFor();
        await page.getByText('Live', { exact: true }).waitFor();
    }],
    ['create-app', ['signin'], async (page) => {
        await page.getByLabel('App name').fill(appName);
        await page.getByRole('button', { name: 'Create app' }).click();
        await page.getByRole('heading', { name: appName }).waitFor();
        await page.getByText('Initial release').waitFor();
    }],
    ['scale', ['create-app'], async (page) => {
        await page.locator('input[name="quantity-web"]').fill('2');
        // basic: an unverified account may run it (billing/README.md, licensing), so this holds with or without it.
        await page.locator('select[name="size-web"]').selectOption('basic');
        await page.getByRole('button', { name: 'Scale' }).click();
        await page.getByText('web.2').waitFor();
    }],
    ['config-var', ['create-app'], async (page) => {
        await page.getByLabel('Key').fill('GREETING');
        await page.getByLabel('Value', { exact: true }).fill('hello e2e');
        await page.getByRole('button', { name: 'Add', exact: true }).click();
        await page.getByRole('rowheader', { name: 'GREETING' }).waitFor();
        await page.getByRole('button', { name: 'Reveal GREETING' }).click();
        await page.getByText('hello e2e').waitFor();
        await page.getByText('Set GREETING config vars').waitFor();
    }],
    ['rollback', ['config-var'], async (page) => {
        await page.getByRole('button', { name: 'Roll back to v1' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
        await page.getByText('Rollback to v1').waitFor();
        await page.getByRole('rowheader', { name: 'GREETING' }).waitFor({ state: 'detached' });
    }],
    ['live', ['create-app'], async (page) => {
        await page.getByText('Live', { exact: true }).waitFor();
        const sent = Date.now();
        await api(page, 'PATCH', `/apps/${appName}/config-vars`, { FROM_REST: 'yes' });
        const answered = Date.now();
        // Shown without a reload, through the WebSocket: within 5 s is the pass mark here, since the browser, the
        // platform and (in CI) the build share two cores. E2E_LIVE_GOAL_MS=1000 enforces the goal.
        await page.getByRole('rowheader', { name: 'FROM_REST' }).waitFor({ timeout: 5_000 });
        const shown = Date.now();
        const afterAnswer = Math.max(0, shown - answered);
        console.log(`    change made through the REST API shown ${shown - sent} ms after the PATCH was sent, `
            + `${afterAnswer} ms after its answer (goal: within 1 s)`);
        if (LIVE_GOAL_MS) {
            assert(afterAnswer <= LIVE_GOAL_MS, `live update took ${afterAnswer} ms (goal: ${LIVE_GOAL_MS} ms)`);
        }
    }],
    ['analytics', ['signin'], async (page) => {
        const project = await api(page, 'POST', '/v1/projects', { name: 'e2e ' + stamp });
        const now = Date.now();
        const events = [];
        for (let i = 0; i < 30; i++) {
            events.push({ event: i % 3 ? 'Page Viewed' : 'App Created', token: project.token,
                distinct_id: 'user-' + (i % 7), time: now - i * 3_600_000, insert_id: `e2e-${stamp}-${i}` });
        }
        const res = await fetch(APP + '/v1/events', { method: 'POST', body: JSON.stringify(events),
            headers: { 'Content-Type': 'application/json' } });
        assert(res.status === 202, `POST /v1/events answered ${res.status}`);
        await new Promise((r) => setTimeout(r, 1_500));
        await page.goto(APP + '/#/analytics');
        await page.locator('select[name="project"]').selectOption({ label: 'e2e ' + stamp });
        await page.locator('.chart canvas').waitFor();
        await page.getByRole('cell', { name: 'Page Viewed' }).waitFor();
    }],
    ['billing', ['signin'], async (page) => {
        await page.goto(APP + '/#/billing');
        await page.getByRole('heading', { name: 'Account standing' }).waitFor();
        await page.getByLabel('Card number').fill('4242424242424242');
        await page.getByRole('button', { name: 'Add card' }).click();
        await page.getByText('•••• 4242').waitFor();
        await page.getByText('Verified', { exact: true }).waitFor();
        // An invoice needs a finished month: billing's service API records last month's usage of this account
        // and runs last month's invoices, as the month-end job would (billing/README.md).
        const account = await api(page, 'GET', '/account');
        const service = await serviceToken();
        const { period, day } = lastMonth();
        await api(service, 'POST', '/internal/billing/usage', { events: [
            { id: `e2e-${stamp}-up`, account_id: account.id, type: 'formation', at: day(1), app: appName,
                process_type: 'web', size: 'basic', quantity: 1 },
            { id: `e2e-${stamp}-down`, account_id: account.id, type: 'formation', at: day(11), app: appName,
                process_type: 'web', size: 'basic', quantity: 0 },
        ] });
        await api(service, 'POST', '/internal/billing/invoice-runs', { period }, { 'Idempotency-Key': `e2e-${stamp}` });
        await page.reload();
        const invoice = page.locator('.invoices li').first();
        await invoice.waitFor();
        await invoice.getByRole('button').click();
        // 10 days of one basic dyno: 700 * 864,000 / 2,592,000 = 233.33 -> $2.33 (billing.md rules 3-5).
        await invoice.getByRole('cell', { name: `${appName} · web · basic` }).waitFor();
        await invoice.getByText('$2.33').first().waitFor();
        await invoice.getByRole('button', { name: 'Pay $2.33' }).click();
        await invoice.getByText('Payment succeeded.').waitFor();
        await invoice.locator('.badge.state-paid').waitFor();
    }],
    ['billing-phone', ['billing'], async (page) => {
        await page.setViewportSize({ width: 375, height: 740 });
        await page.goto(APP + '/#/apps');
        await page.getByRole('heading', { name: 'Apps' }).waitFor();
        await page.getByRole('link', { name: appName }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert(!overflow, 'the apps page scrolls sideways at phone width');
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('link', { name: 'Billing' }).waitFor();
    }],
    ['accessibility', ['signin'], async (page) => {
        await page.setViewportSize({ width: 1280, height: 900 });
        for (const path of ['/#/apps', `/#/apps/${appName}`, '/#/analytics', '/#/billing']) {
            await page.goto(APP + path);
            await page.locator('main h1').first().waitFor();
            await page.getByText('Loading…').first().waitFor({ state: 'detached' }).catch(() => {});
            const missing = await unlabelledControls(page);
            assert(!missing.length, `controls without a label on ${path}: ${missing.join(', ')}`);
        }
        // The keyboard reaches the skip link first, and it moves focus to the content. A reload: a hash-only
        // goto keeps the focus where the previous page left it.
        await page.goto(APP + '/#/apps');
        await page.reload();
        await page.getByRole('heading', { name: 'Apps' }).waitFor();
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => document.activeElement?.textContent);
        assert(first === 'Skip to content', `first Tab stop is "${first}"`);
        await page.keyboard.press('Enter');
        const focused = await page.evaluate(() => document.activeElement?.id);
        assert(focused === 'main', `the skip link focused "${focused}"`);
        const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
        assert(outline !== 'none', 'the focused element shows no outline');
    }],
];

async function main() {
    // A new, empty profile each run (issue 10): nothing cached or stored from an earlier run.
    const profile = mkdtempSync(join(tmpdir(), 'stratus-e2e-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run'],
        viewport: { width: 1280, height: 900 },
    });
    // The dashboard learns auth's URL from /config.json; point it at the auth under test.
    await context.route('**/config.json', (route) => route.fulfill({
        contentType: 'application/json', body: JSON.stringify({ authUrl: AUTH, analyticsToken: '' }),
    }));
    context.setDefaultTimeout(TIMEOUT);
    const page = context.pages()[0] || await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', (e) => consoleErrors.push(e.message));

    const result = new Map();
    let passed = 0; let failed = 0; let skipped = 0;
    for (const [name, needs, run] of scenarios) {
        if (ONLY.length && !ONLY.includes(name)) {
            continue;
        }
        const missing = needs.filter((n) => result.get(n) !== 'passed' && (!ONLY.length || ONLY.includes(n)));
        if (missing.length) {
            result.set(name, 'skipped');
            skipped++;
            console.log(`SKIP ${name} (needs ${missing.join(', ')})`);
            continue;
        }
        const started = Date.now();
        try {
            await run(page);
            assert(!consoleErrors.length, 'page errors: ' + consoleErrors.join('; '));
            result.set(name, 'passed');
            passed++;
            console.log(`PASS ${name} (${Date.now() - started} ms)`);
        } catch (e) {
            result.set(name, 'failed');
            failed++;
            console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
        } finally {
            consoleErrors.length = 0;
            await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true }).catch(() => {});
        }
    }
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    console.log(`screenshots: ${OUT}`);
    console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    process.exit(failed ? 1 : 0);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
