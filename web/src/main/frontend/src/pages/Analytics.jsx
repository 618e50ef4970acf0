import { useEffect, useMemo, useState } from 'preact/hooks';
import { ctx } from '../context.js';
import { normalizeRetention } from '../lib/api.js';
import { notOffered } from '../lib/errors.js';
import { dayRange, lastDays, percent } from '../lib/format.js';
import { Async, Empty, ErrorMessage, Field, Loading, useAction, useAsync } from '../components/ui.jsx';
import { LineChart, seriesToChart } from '../components/LineChart.jsx';

function RangePicker({ range, setRange, interval, setIntervalName }) {
    const preset = (n) => setRange(lastDays(n));
    return (
        <fieldset class="range">
            <legend>Date range (UTC)</legend>
            <Field label="From">
                <input type="date" name="from" value={range.fromDay} max={range.toDay}
                    onChange={(e) => setRange({ ...range, fromDay: e.currentTarget.value })} />
            </Field>
            <Field label="To">
                <input type="date" name="to" value={range.toDay} min={range.fromDay}
                    onChange={(e) => setRange({ ...range, toDay: e.currentTarget.value })} />
            </Field>
            <Field label="Interval">
                <select value={interval} onChange={(e) => setIntervalName(e.currentTarget.value)}>
                    <option value="day">Day</option>
                    <option value="hour">Hour</option>
                </select>
            </Field>
            <div class="presets" role="group" aria-label="Presets">
                {[7, 30, 90].map((n) => <button type="button" onClick={() => preset(n)}>Last {n} days</button>)}
            </div>
        </fieldset>
    );
}

function EventsOverTime({ project, q, interval }) {
    const series = useAsync(() => ctx.api.series(project, { ...q, interval }), [project, q.from, q.to, interval]);
    const chart = useMemo(() => seriesToChart(series.data), [series.data]);
    return (
        <section class="card wide" aria-labelledby="series-title">
            <h2 id="series-title">Events over time</h2>
            <Async state={series} isEmpty={(d) => !d?.series?.length || d.series.every((s) => !s.total)}
                empty="No events in this range.">
                {(d) => (
                    <>
                        <LineChart x={chart.x} series={chart.series} title="Events over time" />
                        <p class="muted">{d.series.map((s) => `${s.event}: ${s.total} events, ${s.uniques} users`).join(' · ')}</p>
                    </>
                )}
            </Async>
        </section>
    );
}

function TopEvents({ names }) {
    return (
        <section class="card" aria-labelledby="top-title">
            <h2 id="top-title">Top events</h2>
            <Async state={names} empty="No events in this range.">
                {(list) => {
                    const max = Math.max(...list.map((n) => n.count), 1);
                    return (
                        <table>
                            <thead><tr><th scope="col">Event</th><th scope="col" class="num">Count</th></tr></thead>
                            <tbody>
                                {list.map((n) => (
                                    <tr key={n.event}>
                                        <td><span class="bar" style={{ width: `${(n.count / max) * 100}%` }} aria-hidden="true" />{n.event}</td>
                                        <td class="num">{n.count.toLocaleString('en-US')}</td>
                                    </tr>
                                ))}
                            </tbody>
                        </table>
                    );
                }}
            </Async>
        </section>
    );
}

function EventSelect({ label, names, value, onChange, name }) {
    return (
        <Field label={label}>
            <select name={name} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
                <option value="">Choose an event</option>
                {(names || []).map((n) => <option value={n.event}>{n.event}</option>)}
            </select>
        </Field>
    );
}

function Breakdown({ project, q, names }) {
    const [event, setEvent] = useState('');
    const [property, setProperty] = useState('');
    const props = useAsync(() => (event ? ctx.api.properties(project, { ...q, event, limit: 50 })
        .catch((e) => Promise.reject(notOffered(e, 'The list of properties'))) : Promise.resolve([])),
    [project, event, q.from, q.to]);
    const action = useAction();
    const [result, setResult] = useState(null);
    const run = (e) => {
        e.preventDefault();
        action.run(async () => setResult(await ctx.api.breakdown(project, { ...q, event, property, limit: 20 })));
    };
    const propList = Array.isArray(props.data) ? props.data : props.data?.properties || [];
    return (
        <section class="card" aria-labelledby="breakdown-title">
            <h2 id="breakdown-title">Breakdown</h2>
            <form class="inline-form" onSubmit={run}>
                <EventSelect label="Event" name="breakdown-event" names={names.data} value={event} onChange={setEvent} />
                <Field label="Property">
                    <select name="breakdown-property" value={property} onChange={(e) => setProperty(e.currentTarget.value)}
                        disabled={!event}>
                        <option value="">Choose a property</option>
                        {propList.map((p) => <option value={p.property}>{p.property}</option>)}
                    </select>
                </Field>
                <button type="submit" class="primary" disabled={!event || !property || action.busy}>Break down</button>
            </form>
            <ErrorMessage error={props.error || action.error} />
            {action.busy ? <Loading /> : null}
            {result ? (result.values?.length ? (
                <table>
                    <thead><tr><th scope="col">{property}</th><th scope="col" class="num">Events</th><th scope="col" class="num">Users</th></tr></thead>
                    <tbody>
                        {result.values.map((v) => <tr><td>{String(v.value)}</td><td class="num">{v.count}</td><td class="num">{v.uniques}</td></tr>)}
                        {result.other ? <tr><td><em>Other</em></td><td class="num">{result.other.count ?? result.other}</td><td /></tr> : null}
                        {result.missing ? <tr><td><em>Not set</em></td><td class="num">{result.missing.count ?? result.missing}</td><td /></tr> : null}
                    </tbody>
                </table>
            ) : <Empty>No values for {property}.</Empty>) : null}
        </section>
    );
}

function Funnel({ project, q, names }) {
    const [steps, setSteps] = useState(['', '']);
    const [windowIso, setWindowIso] = useState('P7D');
    const [result, setResult] = useState(null);
    const action = useAction();
    const setStep = (i, v) => setSteps(steps.map((s, j) => (j === i ? v : s)));
    const run = (e) => {
        e.preventDefault();
        action.run(async () => {
            setResult(await ctx.api.funnel(project, { ...q, step: steps, window: windowIso })
                .catch((e) => Promise.reject(notOffered(e, 'The funnel'))));
            ctx.tracker.track('Funnel Run', { steps: steps.length });
        });
    };
    return (
        <section class="card" aria-labelledby="funnel-title">
            <h2 id="funnel-title">Funnel</h2>
            <form onSubmit={run}>
                <ol class="steps">
                    {steps.map((s, i) => (
                        <li key={i} class="inline-form">
                            <EventSelect label={`Step ${i + 1}`} name={`step-${i + 1}`} names={names.data} value={s}
                                onChange={(v) => setStep(i, v)} />
                            {steps.length > 2 ? (
                                <button type="button" onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
                                    Remove<span class="sr-only"> step {i + 1}</span>
                                </button>
                            ) : null}
                        </li>
                    ))}
                </ol>
                <div class="inline-form">
                    <button type="button" disabled={steps.length >= 5} onClick={() => setSteps([...steps, ''])}>Add step</button>
                    <Field label="Conversion window">
                        <select value={windowIso} onChange={(e) => setWindowIso(e.currentTarget.value)}>
                            {['P1D', 'P7D', 'P14D', 'P30D', 'P90D'].map((w) => <option value={w}>{w.slice(1, -1)} days</option>)}
                        </select>
                    </Field>
                    <button type="submit" class="primary" disabled={steps.some((s) => !s) || action.busy}>Run funnel</button>
                </div>
            </form>
            <ErrorMessage error={action.error} />
            {result?.steps ? (
                <ol class="funnel">
                    {result.steps.map((s, i) => (
                        <li key={i}>
                            <span class="label">{s.event}</span>
                            <span class="bar" style={{ width: `${Math.max(2, (s.from_start ?? 0) * 100)}%` }} aria-hidden="true" />
                            <span>{s.users} users · {percent(s.from_start ?? 0, 1)} of start
                                {i > 0 ? ` · ${percent(s.from_previous ?? 0, 1)} of previous` : ''}</span>
                        </li>
                    ))}
                </ol>
            ) : null}
        </section>
    );
}

function Retention({ project, q, names }) {
    const [form, setForm] = useState({ start_event: '', return_event: '', period: 'day', periods: 7 });
    const [rows, setRows] = useState(null);
    const action = useAction();
    const run = (e) => {
        e.preventDefault();
        action.run(async () => setRows(normalizeRetention(await ctx.api.retention(project, { ...q, ...form })
            .catch((e) => Promise.reject(notOffered(e, 'Retention'))))));
    };
    const width = rows ? Math.max(0, ...rows.map((r) => r.values.length)) : 0;
    return (
        <section class="card wide" aria-labelledby="retention-title">
            <h2 id="retention-title">Retention</h2>
            <form class="inline-form" onSubmit={run}>
                <EventSelect label="First did" name="start-event" names={names.data} value={form.start_event}
                    onChange={(v) => setForm({ ...form, start_event: v })} />
                <EventSelect label="Came back and did" name="return-event" names={names.data} value={form.return_event}
                    onChange={(v) => setForm({ ...form, return_event: v })} />
                <Field label="Period">
                    <select value={form.period} onChange={(e) => setForm({ ...form, period: e.currentTarget.value })}>
                        <option value="day">Day</option><option value="week">Week</option>
                    </select>
                </Field>
                <Field label="Periods">
                    <input type="number" min="1" max="52" value={form.periods}
                        onInput={(e) => setForm({ ...form, periods: Number(e.currentTarget.value) || 1 })} />
                </Field>
                <button type="submit" class="primary" disabled={!form.start_event || !form.return_event || action.busy}>
                    Show retention
                </button>
            </form>
            <ErrorMessage error={action.error} />
            {rows ? (rows.length ? (
                <div class="table-wrap">
                    <table class="retention">
                        <thead>
                            <tr><th scope="col">Cohort</th><th scope="col" class="num">Users</th>
                                {Array.from({ length: width }, (_, i) => <th scope="col" class="num">{form.period} {i}</th>)}</tr>
                        </thead>
                        <tbody>
                            {rows.map((r) => (
                                <tr>
                                    <th scope="row">{String(r.cohort).slice(0, 10)}</th>
                                    <td class="num">{r.users}</td>
                                    {r.values.map((v) => {
                                        const share = r.users ? v / r.users : 0;
                                        return <td class="num heat" style={{ '--heat': share }}>{percent(v, r.users)}</td>;
                                    })}
                                </tr>
                            ))}
                        </tbody>
                    </table>
                </div>
            ) : <Empty>No cohorts in this range.</Empty>) : null}
        </section>
    );
}

function CreateProject({ onCreated }) {
    const [name, setName] = useState('');
    const action = useAction();
    return (
        <form class="inline-form" onSubmit={(e) => {
            e.preventDefault();
            action.run(async () => onCreated(await ctx.api.createProject(name.trim())));
        }}>
            <Field label="New project name">
                <input name="project-name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
            </Field>
            <button type="submit" class="primary" disabled={!name.trim() || action.busy}>Create project</button>
            <ErrorMessage error={action.error} />
        </form>
    );
}

export default function Analytics() {
    const projects = useAsync(() => ctx.api.projects(), []);
    const [projectId, setProjectId] = useState('');
    const [created, setCreated] = useState(null);
    const [range, setRange] = useState(() => lastDays(30));
    const [interval, setIntervalName] = useState('day');
    const list = projects.data || [];
    useEffect(() => {
        if (!projectId && list.length) {
            setProjectId(list[0].id);
        }
    }, [list.length]);
    const q = useMemo(() => dayRange(range.fromDay, range.toDay), [range.fromDay, range.toDay]);
    const names = useAsync(() => (projectId ? ctx.api.eventNames(projectId, { ...q, limit: 20 }) : Promise.resolve([])),
        [projectId, q.from, q.to]);
    const project = list.find((p) => p.id === projectId);

    return (
        <section aria-labelledby="analytics-title">
            <div class="page-head"><h1 id="analytics-title">Analytics</h1></div>
            <Async state={projects} empty={null} isEmpty={() => false}>
                {() => (
                    <div class="card">
                        {list.length ? (
                            <Field label="Project">
                                <select name="project" value={projectId} onChange={(e) => setProjectId(e.currentTarget.value)}>
                                    {list.map((p) => <option value={p.id}>{p.name}</option>)}
                                </select>
                            </Field>
                        ) : <Empty>No analytics project yet. Create one to get a token for your clients.</Empty>}
                        {project ? <p class="muted">Project token: <code>{project.token}</code></p> : null}
                        {created?.secret ? (
                            <p class="notice" role="status">Project secret (shown once, for /import): <code>{created.secret}</code></p>
                        ) : null}
                        <CreateProject onCreated={(p) => { setCreated(p); setProjectId(p.id); projects.reload(); }} />
                    </div>
                )}
            </Async>
            {projectId ? (
                <>
                    <RangePicker range={range} setRange={setRange} interval={interval} setIntervalName={setIntervalName} />
                    <div class="grid">
                        <EventsOverTime project={projectId} q={q} interval={interval} />
                        <TopEvents names={names} />
                        <Breakdown project={projectId} q={q} names={names} />
                        <Funnel project={projectId} q={q} names={names} />
                        <Retention project={projectId} q={q} names={names} />
                    </div>
                </>
            ) : null}
        </section>
    );
}
