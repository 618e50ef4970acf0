import { describe, expect, it } from 'vitest';
import { dayRange, formatCents, formatInstant, lastDays, mask } from '../src/lib/format.js';

describe('formatCents', () => {
    it('formats integer cents exactly', () => {
        expect(formatCents(0)).toBe('$0.00');
        expect(formatCents(5)).toBe('$0.05');
        expect(formatCents(700)).toBe('$7.00');
        expect(formatCents(123456)).toBe('$1,234.56');
    });
    it('keeps the sign in front of the symbol', () => {
        expect(formatCents(-5)).toBe('-$0.05');
        expect(formatCents(-150000)).toBe('-$1,500.00');
    });
    it('is exact beyond double precision when given a string', () => {
        expect(formatCents('900719925474099199')).toBe('$9,007,199,254,740,991.99');
    });
    it('names currencies it has no symbol for', () => {
        expect(formatCents(1999, 'chf')).toBe('19.99 CHF');
        expect(formatCents(1999, 'EUR')).toBe('€19.99');
    });
    it('shows what it got when the amount is not an integer', () => {
        expect(formatCents('12.50')).toBe('12.50');
        expect(formatCents(Number.NaN)).toBe('NaN');
    });
    it('shows a dash when there is no amount', () => {
        expect(formatCents(null)).toBe('—');
        expect(formatCents(undefined)).toBe('—');
    });
});

describe('dates', () => {
    it('shows instants in UTC', () => {
        expect(formatInstant('2026-11-24T19:21:32Z')).toBe('2026-11-24 19:21 UTC');
        expect(formatInstant(null)).toBe('—');
    });
    it('turns inclusive days into a half-open range', () => {
        expect(dayRange('2026-11-01', '2026-11-30')).toEqual({
            from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z',
        });
    });
    it('computes the last n days ending today', () => {
        expect(lastDays(7, new Date('2026-11-25T14:00:00Z'))).toEqual({ fromDay: '2026-11-19', toDay: '2026-11-25' });
    });
    it('masks values without revealing their length exactly', () => {
        expect(mask('x')).toBe('••••••');
        expect(mask('')).toBe('');
    });
});
