import { describe, expect, it } from 'vitest';
import { ECO_PLAN_CENTS, estimateMonth, standingOf } from '../src/lib/billing.js';
import { cardRequest } from '../src/lib/api.js';
import { ApiError, notOffered } from '../src/lib/errors.js';

describe('estimateMonth', () => {
    it('charges each running dyno its monthly price, in integer cents', () => {
        const e = estimateMonth({
            shop: [{ type: 'web', quantity: 2, size: 'standard-1x' }, { type: 'worker', quantity: 1, size: 'basic' }],
            blog: [{ type: 'web', quantity: 3, size: 'performance-m' }],
        });
        expect(e.cents).toBe(2 * 2500 + 700 + 3 * 25000);
        expect(e.lines).toEqual([
            { app: 'shop', type: 'web', size: 'standard-1x', quantity: 2, cents: 5000 },
            { app: 'shop', type: 'worker', size: 'basic', quantity: 1, cents: 700 },
            { app: 'blog', type: 'web', size: 'performance-m', quantity: 3, cents: 75000 },
        ]);
    });
    it('skips process types scaled to 0 and adds the eco plan once', () => {
        const e = estimateMonth({
            a: [{ type: 'web', quantity: 1, size: 'eco' }, { type: 'worker', quantity: 0, size: 'standard-2x' }],
            b: [{ type: 'web', quantity: 4, size: 'Eco' }],
        });
        expect(e.cents).toBe(ECO_PLAN_CENTS);
        expect(e.eco).toBe(true);
        expect(e.lines.map((l) => l.app)).toEqual(['a', 'b']);
    });
    it('counts an unknown size as 0 and names it', () => {
        const e = estimateMonth({ a: [{ type: 'web', quantity: 1, size: 'quantum-9x' }] });
        expect(e.cents).toBe(0);
        expect(e.unknownSizes).toEqual(['quantum-9x']);
    });
    it('tolerates no apps and bad quantities', () => {
        expect(estimateMonth({}).cents).toBe(0);
        expect(estimateMonth(null).lines).toEqual([]);
        expect(estimateMonth({ a: [{ type: 'web', quantity: 'x', size: 'basic' }, { type: 'w', quantity: -3, size: 'basic' }] })
            .cents).toBe(0);
    });
});

describe('standingOf', () => {
    it('puts the worst standing first', () => {
        const at = '2026-11-01T00:00:00Z';
        expect(standingOf({ verified: true, delinquent_at: at, suspended_at: at })).toEqual({ level: 'suspended', since: at });
        expect(standingOf({ verified: true, delinquent_at: at, suspended_at: null }).level).toBe('delinquent');
        expect(standingOf({ verified: false }).level).toBe('unverified');
        expect(standingOf({ verified: true }).level).toBe('verified');
    });
    it('shows nothing when the server does not send the fields', () => {
        expect(standingOf({ id: 'a', email: 'x@example.test' })).toBeNull();
        expect(standingOf(null)).toBeNull();
        expect(standingOf('nope')).toBeNull();
    });
});

describe('cardRequest', () => {
    it("sends billing's field names, the number without spaces or dashes", () => {
        expect(cardRequest({ number: '4242 4242-4242 4242', exp_month: '12', exp_year: '2030', cvc: '123' }))
            .toEqual({ number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' });
    });
    it('leaves out an empty cvc (optional in billing)', () => {
        expect(cardRequest({ number: '4242424242424242', exp_month: 1, exp_year: 2031, cvc: '' }))
            .toEqual({ number: '4242424242424242', exp_month: 1, exp_year: 2031 });
    });
});

describe('notOffered', () => {
    it('says that a missing endpoint is not available rather than "Not found."', () => {
        const e = notOffered(new ApiError(404, 'not_found', 'Not found.'), 'The funnel');
        expect(e).toMatchObject({ status: 404, id: 'not_offered', message: 'The funnel is not available on this server yet.' });
        expect(notOffered(new ApiError(405, 'http_405', 'x'), 'Paying').id).toBe('not_offered');
    });
    it('keeps every other error as it is', () => {
        const e = new ApiError(422, 'invalid_params', 'window must be at most P90D');
        expect(notOffered(e, 'The funnel')).toBe(e);
    });
});
