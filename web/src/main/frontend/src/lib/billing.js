// Billing logic without UI: the month's estimate from the apps' formations and the account's standing.
import { DYNO_SIZES } from './api.js';

const PRICE = Object.fromEntries(DYNO_SIZES.map((s) => [s.name, s.cents]));
// spec/billing.md: eco dynos cost 0 each plus one flat 500-cent plan per month.
export const ECO_PLAN_CENTS = 500;

/**
 * What a whole month costs at the current formations, in integer cents: each dyno's monthly price is also its
 * cap (billing.md rule 4), so a formation kept all month costs exactly quantity x price. Returns
 * {cents, lines: [{app, type, size, quantity, cents}], unknownSizes} (a size without a known price counts 0).
 */
export function estimateMonth(formationsByApp) {
    const lines = [];
    const unknownSizes = new Set();
    let eco = false;
    for (const [app, formation] of Object.entries(formationsByApp || {})) {
        for (const f of formation || []) {
            const quantity = Math.max(0, Math.trunc(Number(f.quantity) || 0));
            if (!quantity) {
                continue;
            }
            const size = String(f.size || '').toLowerCase();
            if (!(size in PRICE)) {
                unknownSizes.add(size);
            }
            eco = eco || size === 'eco';
            lines.push({ app, type: f.type, size, quantity, cents: quantity * (PRICE[size] || 0) });
        }
    }
    const cents = lines.reduce((sum, l) => sum + l.cents, 0) + (eco ? ECO_PLAN_CENTS : 0);
    return { cents, eco, lines, unknownSizes: [...unknownSizes] };
}

/**
 * The account's standing from GET /account or GET /account/standing (`verified`, `delinquent_at`,
 * `suspended_at`), worst first. Fields that are absent (an older server) give `null`: nothing is shown.
 */
export function standingOf(account) {
    if (!account || typeof account !== 'object') {
        return null;
    }
    if (account.suspended_at) {
        return { level: 'suspended', since: account.suspended_at };
    }
    if (account.delinquent_at) {
        return { level: 'delinquent', since: account.delinquent_at };
    }
    if (account.verified === false) {
        return { level: 'unverified', since: null };
    }
    if (account.verified === true) {
        return { level: 'verified', since: null };
    }
    return null;
}

export const STANDING_TEXT = {
    suspended: 'Your account is suspended: its apps are scaled to 0. Pay the open invoices to restore it.',
    delinquent: 'An invoice is overdue: you cannot create apps or scale up until it is paid.',
    unverified: 'Add a card to verify your account: until then you get 5 apps, eco and basic dynos only, '
        + 'at most 2 per process type.',
    verified: 'Your account is verified.',
};
