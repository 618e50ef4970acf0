// Time to interactive of the apps page: from navigation start until the apps table is rendered and the
// "Create app" button responds, signed in, in headless Chromium. The APIs are answered from fixtures (no
// network or server time), so this measures the dashboard's own cost: HTML, JS, CSS, render.
// Cold = new browser context (empty cache); warm = reload in the same context.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../src/main/frontend/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const APP = (process.env.STRATUS_APP_URL || 'http://localhost:8080').replace(/\/+$/, '');
const RUNS = Number(process.env.TTI_RUNS || 10);
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = `${b64({ alg: 'RS256' })}.${b64({ sub: 'acct-1', email: 'demo@stratus.test', exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
const session = { accessToken: token, refreshToken: 'r', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000, accountId: 'acct-1', email: 'demo@stratus.test' };
const apps = Array.from({ length: 50 }, (_, i) => ({ id: 'a' + i, name: `app-${String(i).padStart(3, '0')}`,
    owner: { email: 'demo@stratus.test' }, region: { name: 'us' }, updated_at: '2026-11-25T10:00:00Z' }));

async function measure(context, page, first) {
    if (first) {
        await page.goto(APP + '/#/apps');
    } else {
        await page.reload();
    }
    await page.waitForFunction(() => window.__tti !== undefined, null, { polling: 50 });
    return page.evaluate(() => window.__tti);
}

function stats(xs) {
    const s = [...xs].sort((a, b) => a - b);
    return `median ${s[Math.floor(s.length / 2)].toFixed(0)} ms, min ${s[0].toFixed(0)} ms, max ${s.at(-1).toFixed(0)} ms`;
}

const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const cold = [];
const warm = [];
for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    await context.addInitScript((s) => {
        localStorage.setItem('stratus.session', s);
        // Interactive = the 50 rows are in the DOM and the main thread has run a queued task after them.
        new MutationObserver((_, observer) => {
            if (document.querySelectorAll('tbody tr').length >= 50 && document.querySelector('button.primary')) {
                observer.disconnect();
                setTimeout(() => { window.__tti = performance.now(); }, 0);
            }
        }).observe(document, { childList: true, subtree: true });
    }, JSON.stringify(session));
    await context.route('**/config.json', (r) => r.fulfill({ json: { authUrl: 'http://auth.bench.test' } }));
    await context.routeWebSocket(/\/events/, () => {});
    await context.route((u) => /^\/(apps|account)(\/|$)/.test(u.pathname), (r) => r.fulfill({
        json: new URL(r.request().url()).pathname === '/apps' ? apps : { id: 'acct-1', allow_tracking: false } }));
    const page = await context.newPage();
    cold.push(await measure(context, page, true));
    warm.push(await measure(context, page, false));
    await context.close();
}
await browser.close();
console.log(`apps page time to interactive (${RUNS} runs, ${APP}, 50 apps, fixture APIs):`);
console.log(`  cold cache: ${stats(cold)}`);
console.log(`  warm cache: ${stats(warm)}`);
