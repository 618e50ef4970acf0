const SYMBOLS = { USD: '$', EUR: '€', GBP: '£' };

function groupThousands(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Formats integer cents exactly (no floating point): 123456 -> "$1,234.56", -5 -> "-$0.05".
 * Cents arrive as JSON numbers or as strings of digits (large values).
 */
export function formatCents(cents, currency = 'USD') {
    if (cents === null || cents === undefined || cents === '') {
        return '—';
    }
    let value;
    try {
        value = typeof cents === 'bigint' ? cents : BigInt(typeof cents === 'string' ? cents.trim() : Math.trunc(cents));
    } catch {
        // Not an integer amount: show it as received rather than break the page.
        return String(cents);
    }
    const negative = value < 0n;
    if (negative) {
        value = -value;
    }
    const whole = groupThousands((value / 100n).toString());
    const fraction = (value % 100n).toString().padStart(2, '0');
    const code = (currency || 'USD').toUpperCase();
    const symbol = SYMBOLS[code];
    const amount = symbol ? `${symbol}${whole}.${fraction}` : `${whole}.${fraction} ${code}`;
    return negative ? `-${amount}` : amount;
}

/** "2026-11-24T19:21:32Z" -> "2026-11-24 19:21 UTC": the platform is UTC throughout, so is the display. */
export function formatInstant(iso) {
    if (!iso) {
        return '—';
    }
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) {
        return String(iso);
    }
    return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function formatDay(iso) {
    return iso ? String(iso).slice(0, 10) : '—';
}

/** Days as YYYY-MM-DD in UTC, for date inputs and query ranges. */
export function isoDay(date) {
    return date.toISOString().slice(0, 10);
}

/** A [from, to) range of whole UTC days ending today (inclusive), as ISO instants for the query API. */
export function dayRange(fromDay, toDay) {
    const from = new Date(fromDay + 'T00:00:00Z');
    const to = new Date(toDay + 'T00:00:00Z');
    to.setUTCDate(to.getUTCDate() + 1);
    return { from: from.toISOString(), to: to.toISOString() };
}

export function lastDays(n, now = new Date()) {
    const to = isoDay(now);
    const start = new Date(now.getTime());
    start.setUTCDate(start.getUTCDate() - (n - 1));
    return { fromDay: isoDay(start), toDay: to };
}

export function percent(part, whole) {
    if (!whole) {
        return '0%';
    }
    return `${Math.round((part / whole) * 1000) / 10}%`;
}

export function mask(value) {
    return value ? '•'.repeat(Math.min(12, Math.max(6, String(value).length))) : '';
}
