import { useState } from 'preact/hooks';
import { ctx } from '../context.js';
import { newIdempotencyKey } from '../lib/api.js';
import { estimateMonth, STANDING_TEXT, standingOf } from '../lib/billing.js';
import { notOffered } from '../lib/errors.js';
import { formatCents, formatDay, formatInstant } from '../lib/format.js';
import { Async, Empty, ErrorMessage, Field, Loading, useAction, useAsync } from '../components/ui.jsx';

const lineAmount = (l) => l.amount_cents ?? l.amount ?? l.total_cents ?? l.total ?? l.cents;
// The estimate reads each app's formation: bounded, so a large account does not fire hundreds of requests.
const ESTIMATE_MAX_APPS = 50;

async function formationsOfApps() {
    const apps = (await ctx.api.apps()).slice(0, ESTIMATE_MAX_APPS);
    const entries = await Promise.all(apps.map(async (a) => [a.name, await ctx.api.formation(a.name).catch(() => [])]));
    return Object.fromEntries(entries);
}

function Usage() {
    const estimate = useAsync(() => formationsOfApps().then(estimateMonth), []);
    return (
        <section class="card" aria-labelledby="usage-title">
            <h2 id="usage-title">This month</h2>
            <Async state={estimate} isEmpty={(d) => !d}>
                {(e) => (
                    <>
                        <dl class="figures">
                            <div><dt>Monthly cost at the current formation</dt><dd>{formatCents(e.cents)}</dd></div>
                        </dl>
                        <p class="muted">An estimate: each running dyno for a whole month (its monthly price is
                            also its cap){e.eco ? ', plus the eco plan' : ''}. What you actually used appears on the
                            invoice after the month ends.</p>
                        {e.lines.length ? (
                            <div class="table-wrap">
                                <table>
                                    <thead><tr><th scope="col">App</th><th scope="col">Dynos</th><th scope="col" class="num">Per month</th></tr></thead>
                                    <tbody>
                                        {e.lines.map((l) => (
                                            <tr key={`${l.app}/${l.type}`}>
                                                <td>{l.app}</td><td>{l.type} · {l.quantity} × {l.size}</td>
                                                <td class="num">{formatCents(l.cents)}</td>
                                            </tr>
                                        ))}
                                    </tbody>
                                </table>
                            </div>
                        ) : <Empty>No dynos running.</Empty>}
                    </>
                )}
            </Async>
        </section>
    );
}

function Standing() {
    const standing = useAsync(() => ctx.api.standing().catch((e) => (e.status === 404 ? ctx.api.account() : Promise.reject(e))), []);
    return (
        <section class="card" aria-labelledby="standing-title">
            <h2 id="standing-title">Account standing</h2>
            <Async state={standing} isEmpty={(d) => !standingOf(d)} empty="Standing is not available on this server yet.">
                {(d) => {
                    const s = standingOf(d);
                    return (
                        <>
                            <p><span class={`badge standing-${s.level}`}>{s.level}</span>
                                {s.since ? <span class="muted"> since {formatInstant(s.since)}</span> : null}</p>
                            <p>{STANDING_TEXT[s.level]}</p>
                            {d.app_limit ? <p class="muted">App limit: {d.app_limit}</p> : null}
                        </>
                    );
                }}
            </Async>
        </section>
    );
}

function Lines({ lines, currency }) {
    return (
        <div class="table-wrap">
            <table>
                <thead><tr><th scope="col">Item</th><th scope="col" class="num">Dyno hours</th><th scope="col" class="num">Amount</th></tr></thead>
                <tbody>
                    {lines.map((l, i) => (
                        <tr key={l.id || i}>
                            <td>{l.description || [l.app, l.process_type || l.addon_id, l.size || l.plan].filter(Boolean).join(' · ') || l.type}</td>
                            <td class="num">{l.seconds ? (l.seconds / 3600).toFixed(1) : '—'}</td>
                            <td class="num">{formatCents(lineAmount(l), currency)}</td>
                        </tr>
                    ))}
                </tbody>
            </table>
        </div>
    );
}

// billing's payment states (billing.md rule 11); failure codes are the test gateway's.
function PaymentResult({ payment }) {
    if (payment.state === 'failed') {
        return <p class="error" role="alert">The payment failed ({payment.failure_code || 'declined'}). Try another card.</p>;
    }
    const text = { succeeded: 'Payment succeeded.', pending: 'Payment in progress.',
        unknown: 'The card network did not answer: the payment will be checked before any retry.' };
    return <p class="notice" role="status">{text[payment.state] || `Payment ${payment.state || 'sent'}.`}</p>;
}

function InvoiceDetail({ number, methods, onPaid }) {
    const invoice = useAsync(() => ctx.api.invoice(number), [number]);
    const [key, setKey] = useState(newIdempotencyKey);
    const pay = useAction();
    const [result, setResult] = useState(null);
    // billing has no default card: pay with the first verified one.
    const payWith = (methods || []).find((m) => m.verified) || null;
    const doPay = () => pay.run(async () => {
        // One key per attempt: a retry after a network error replays instead of charging twice.
        const answer = await ctx.api.payInvoice(number, payWith.id, key).catch((e) => {
            throw notOffered(e, 'Paying an invoice from the dashboard');
        });
        setResult(answer);
        setKey(newIdempotencyKey());
        ctx.tracker.track('Invoice Paid');
        invoice.reload();
        onPaid();
    });
    return (
        <Async state={invoice} isEmpty={(d) => !d}>
            {(inv) => (
                <div class="invoice-detail">
                    <Lines lines={inv.lines || []} currency={inv.currency} />
                    <dl class="figures">
                        <div><dt>Charges</dt><dd>{formatCents(inv.charges_total, inv.currency)}</dd></div>
                        <div><dt>Credits</dt><dd>{formatCents(inv.credits_total, inv.currency)}</dd></div>
                        <div><dt>Total</dt><dd>{formatCents(inv.total, inv.currency)}</dd></div>
                    </dl>
                    {inv.state !== 'paid' && inv.total > 0 ? (
                        <button type="button" class="primary" disabled={pay.busy || !payWith} onClick={doPay}>
                            {pay.busy ? 'Paying…' : `Pay ${formatCents(inv.total, inv.currency)}`}
                        </button>
                    ) : null}
                    {!payWith && inv.state !== 'paid' ? <p class="muted">Add a card to pay.</p> : null}
                    {result ? <PaymentResult payment={result} /> : null}
                    <ErrorMessage error={pay.error} />
                </div>
            )}
        </Async>
    );
}

function Invoices({ methods }) {
    const invoices = useAsync(() => ctx.api.invoices(), []);
    const [open, setOpen] = useState(null);
    return (
        <section class="card wide" aria-labelledby="invoices-title">
            <h2 id="invoices-title">Invoices</h2>
            <Async state={invoices} empty="No invoices yet. The first one is issued after your first month.">
                {(list) => (
                    <ul class="invoices plain">
                        {list.map((inv) => (
                            <li key={inv.id}>
                                <button type="button" class="row-toggle" aria-expanded={open === inv.number}
                                    onClick={() => setOpen(open === inv.number ? null : inv.number)}>
                                    <span>#{inv.number}</span>
                                    <span>{inv.period || `${formatDay(inv.period_start)} – ${formatDay(inv.period_end)}`}</span>
                                    <span class={`badge state-${inv.state}`}>{inv.state}</span>
                                    <span class="num">{formatCents(inv.total, inv.currency)}</span>
                                </button>
                                {open === inv.number ? (
                                    <InvoiceDetail number={inv.number} methods={methods.data} onPaid={invoices.reload} />
                                ) : null}
                            </li>
                        ))}
                    </ul>
                )}
            </Async>
        </section>
    );
}

function Credits() {
    const credits = useAsync(() => ctx.api.credits(), []);
    return (
        <section class="card" aria-labelledby="credits-title">
            <h2 id="credits-title">Credits</h2>
            <Async state={credits} isEmpty={(d) => !(Array.isArray(d) ? d : d?.credits || []).length}
                empty="No credits on your account.">
                {(d) => {
                    const list = Array.isArray(d) ? d : d.credits;
                    const balance = list.reduce((sum, c) => sum + (Number(c.balance) || 0), 0);
                    return (
                        <>
                            <p>Balance: <strong>{formatCents(balance)}</strong></p>
                            <ul class="plain">
                                {list.map((c, i) => (
                                    <li key={c.id || i}>
                                        <strong>{formatCents(c.amount ?? c.amount_cents, c.currency)}</strong>
                                        {c.balance !== undefined ? <> · {formatCents(c.balance, c.currency)} left</> : null}
                                        <span class="muted"> · {c.title || c.description || 'credit'} · granted {formatDay(c.granted_at || c.created_at)}
                                            {c.expires_at ? ` · expires ${formatDay(c.expires_at)}` : ''}</span>
                                    </li>
                                ))}
                            </ul>
                        </>
                    );
                }}
            </Async>
        </section>
    );
}

const TEST_CARDS = [
    ['4242424242424242', 'Visa test card (succeeds)'],
    ['4000000000000002', 'Declined card'],
    ['4000000000009995', 'Insufficient funds'],
];

function PaymentMethods({ methods }) {
    const nextYear = new Date().getUTCFullYear() + 1;
    const [card, setCard] = useState({ number: '4242424242424242', exp_month: 12, exp_year: nextYear, cvc: '123' });
    const action = useAction();
    const add = (e) => {
        e.preventDefault();
        action.run(async () => {
            await ctx.api.addPaymentMethod(card);
            ctx.tracker.track('Payment Method Added');
            methods.reload();
        });
    };
    const remove = (m) => action.run(async () => {
        await ctx.api.removePaymentMethod(m.id);
        methods.reload();
    });
    return (
        <section class="card" aria-labelledby="methods-title">
            <h2 id="methods-title">Payment methods</h2>
            <Async state={methods} empty="No payment method yet.">
                {(list) => (
                    <ul class="plain">
                        {list.map((m) => (
                            <li key={m.id}>
                                <strong>{m.brand || 'card'}</strong> •••• {m.last4 || m.last_4}
                                <span class="muted"> exp {String(m.exp_month).padStart(2, '0')}/{m.exp_year}</span>
                                {m.verified ? <span class="badge current">Verified</span>
                                    : <span class="badge state-failed">Not verified</span>}
                                <button type="button" class="small" onClick={() => remove(m)}>
                                    Remove<span class="sr-only"> card ending {m.last4 || m.last_4}</span>
                                </button>
                            </li>
                        ))}
                    </ul>
                )}
            </Async>
            <form class="inline-form" onSubmit={add} aria-label="Add a card">
                <Field label="Card number" hint="The test gateway accepts the common public test cards.">
                    <input name="card-number" inputmode="numeric" autocomplete="off" value={card.number} list="test-cards"
                        onInput={(e) => setCard({ ...card, number: e.currentTarget.value })} required />
                </Field>
                <datalist id="test-cards">{TEST_CARDS.map(([n, l]) => <option value={n}>{l}</option>)}</datalist>
                <Field label="Month">
                    <input name="exp-month" type="number" min="1" max="12" value={card.exp_month}
                        onInput={(e) => setCard({ ...card, exp_month: e.currentTarget.value })} required />
                </Field>
                <Field label="Year">
                    <input name="exp-year" type="number" min={nextYear - 1} max={nextYear + 20} value={card.exp_year}
                        onInput={(e) => setCard({ ...card, exp_year: e.currentTarget.value })} required />
                </Field>
                <Field label="CVC">
                    <input name="cvc" inputmode="numeric" maxlength="4" value={card.cvc}
                        onInput={(e) => setCard({ ...card, cvc: e.currentTarget.value })} required />
                </Field>
                <button type="submit" class="primary" disabled={action.busy}>Add card</button>
            </form>
            {action.busy ? <Loading label="Saving…" /> : null}
            <ErrorMessage error={action.error} />
        </section>
    );
}

export default function Billing() {
    const methods = useAsync(() => ctx.api.paymentMethods(), []);
    return (
        <section aria-labelledby="billing-title">
            <div class="page-head"><h1 id="billing-title">Billing</h1></div>
            <div class="grid">
                <Standing />
                <Usage />
                <PaymentMethods methods={methods} />
                <Invoices methods={methods} />
                <Credits />
            </div>
        </section>
    );
}
