// The end-to-end scenarios, in order, in one browser session, each saving a screenshot to $E2E_OUT.
// A scenario that needs an earlier one's result is skipped when that one failed.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(new URL('../src/main/frontend/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const APP = process.env.STRATUS_APP_URL.replace(/\/+$/, '');
const AUTH = process.env.STRATUS_AUTH_URL.replace(/\/+$/, '');
const OUT = process.env.E2E_OUT;
const ONLY = (process.env.E2E_SCENARIOS || '').split(',').map((s) => s.trim()).filter(Boolean);
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 10_000);

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
    const token = await apiToken(page);
    const res = await fetch(APP + path, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json', ...extraHeaders },
    });
    const text = await res.text();
    assert(res.ok, `${method} ${path} -> ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : null;
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
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('heading', { name: 'Sign in to Stratus' }).waitFor();
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
        await page.locator('select[name="size-web"]').selectOption('standard-1x');
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
        const started = Date.now();
        await api(page, 'PATCH', `/apps/${appName}/config-vars`, { FROM_REST: 'yes' });
        await page.getByRole('rowheader', { name: 'FROM_REST' }).waitFor({ timeout: 5_000 });
        const ms = Date.now() - started;
        console.log(`    change made through the REST API shown after ${ms} ms`);
        assert(ms < 1_000 + 500, `live update took ${ms} ms (goal: within a second)`);
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
        await page.getByLabel('Project').selectOption({ label: 'e2e ' + stamp });
        await page.locator('.chart canvas').waitFor();
        await page.getByRole('cell', { name: 'Page Viewed' }).waitFor();
    }],
    ['billing', ['signin'], async (page) => {
        await page.goto(APP + '/#/billing');
        await page.getByLabel('Card number').fill('4242424242424242');
        await page.getByRole('button', { name: 'Add card' }).click();
        await page.getByText('•••• 4242').waitFor();
        const makeDefault = page.getByRole('button', { name: /Make default/ });
        if (await makeDefault.count()) {
            await makeDefault.first().click();
        }
        await page.getByText('Default', { exact: true }).waitFor();
        await page.locator('#invoices-title').waitFor();
        await page.locator('.invoices li, .card:has(#invoices-title) .empty').first().waitFor();
    }],
];

async function main() {
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The dashboard learns auth's URL from /config.json; point it at the auth under test.
    await context.route('**/config.json', (route) => route.fulfill({
        contentType: 'application/json', body: JSON.stringify({ authUrl: AUTH, analyticsToken: '' }),
    }));
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
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
    await browser.close();
    console.log(`screenshots: ${OUT}`);
    console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    process.exit(failed ? 1 : 0);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
