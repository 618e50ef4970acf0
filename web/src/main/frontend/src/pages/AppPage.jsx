import { useEffect, useState } from 'preact/hooks';
import { ctx, onLive } from '../context.js';
import { navigate } from '../router.js';
import { DYNO_SIZES } from '../lib/api.js';
import { formatCents, formatInstant, mask } from '../lib/format.js';
import { Async, ConfirmDialog, ErrorMessage, Field, Loading, useAction, useAsync } from '../components/ui.jsx';

function FormationRow({ appId, process, onSaved }) {
    const [quantity, setQuantity] = useState(process.quantity);
    const [size, setSize] = useState((process.size || 'basic').toLowerCase());
    const action = useAction();
    useEffect(() => {
        setQuantity(process.quantity);
        setSize((process.size || 'basic').toLowerCase());
    }, [process.quantity, process.size]);
    const dirty = quantity !== process.quantity || size !== (process.size || '').toLowerCase();
    const price = DYNO_SIZES.find((s) => s.name === size)?.cents;
    const id = `scale-${process.type}`;
    const save = (e) => {
        e.preventDefault();
        action.run(async () => {
            await ctx.api.scale(appId, process.type, quantity, size);
            ctx.tracker.track('Formation Scaled', { quantity, size });
            onSaved();
        });
    };
    const setQ = (e) => setQuantity(Math.max(0, Math.min(100, parseInt(e.currentTarget.value || '0', 10) || 0)));
    return (
        <form class="formation" onSubmit={save} aria-label={`Scale ${process.type}`}>
            <div class="formation-type"><strong>{process.type}</strong><code>{process.command || ''}</code></div>
            {/* for= names the number input: a label otherwise labels only its first control, the slider. */}
            <label class="field" for={id}>
                <span>Dynos <span class="sr-only">for {process.type}</span></span>
                <div class="slider">
                    <input type="range" min="0" max="100" value={quantity} onInput={setQ} aria-label={`${process.type} dynos slider`} />
                    <input id={id} name={`quantity-${process.type}`} type="number" min="0" max="100" value={quantity}
                        onInput={setQ} />
                </div>
            </label>
            <Field label="Size">
                <select name={`size-${process.type}`} value={size} onChange={(e) => setSize(e.currentTarget.value)}>
                    {DYNO_SIZES.map((s) => <option value={s.name}>{s.name} ({formatCents(s.cents)}/mo)</option>)}
                </select>
            </Field>
            <p class="muted estimate">Up to {formatCents((price || 0) * quantity)}/month</p>
            <button type="submit" class="primary" disabled={!dirty || action.busy}>
                {action.busy ? 'Scaling…' : 'Scale'}
            </button>
            <ErrorMessage error={action.error} />
        </form>
    );
}

function Formation({ appId, formation, dynos }) {
    const restart = useAction();
    return (
        <section class="card" aria-labelledby="formation-title">
            <h2 id="formation-title">Formation</h2>
            <Async state={formation} empty="No process types.">
                {(list) => list.map((p) => <FormationRow key={p.type} appId={appId} process={p} onSaved={formation.reload} />)}
            </Async>
            <h3>Dynos</h3>
            <Async state={dynos} empty="No dynos are running. Scale a process type above 0 to start some.">
                {(list) => (
                    <ul class="dynos">
                        {list.map((d) => (
                            <li key={d.id}>
                                <span class={`badge state-${d.state}`}>{d.state}</span>
                                <strong>{d.name}</strong> <span class="muted">{d.size} · {d.command}</span>
                            </li>
                        ))}
                    </ul>
                )}
            </Async>
            {dynos.data?.length ? (
                <button type="button" disabled={restart.busy}
                    onClick={() => restart.run(async () => { await ctx.api.restartDynos(appId); dynos.reload(); })}>
                    Restart all dynos
                </button>
            ) : null}
            <ErrorMessage error={restart.error} />
        </section>
    );
}

function ConfigVars({ appId, vars, onChanged }) {
    const [revealed, setRevealed] = useState({});
    const [editing, setEditing] = useState(null);
    const [editValue, setEditValue] = useState('');
    const [removing, setRemoving] = useState(null);
    const [draft, setDraft] = useState({ key: '', value: '' });
    const action = useAction();

    const patch = (changes, event) => action.run(async () => {
        vars.setData(await ctx.api.patchConfigVars(appId, changes));
        ctx.tracker.track(event);
        onChanged();
        return true;
    });
    const add = async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        if (await patch({ [draft.key.trim()]: draft.value }, 'Config Var Set')) {
            // reset() also clears :user-invalid, so the emptied required Key field is not shown in red.
            form.reset();
            setDraft({ key: '', value: '' });
        }
    };
    return (
        <section class="card" aria-labelledby="config-title">
            <h2 id="config-title">Config vars</h2>
            <Async state={vars} isEmpty={(d) => !d || Object.keys(d).length === 0} empty="No config vars yet.">
                {(map) => (
                    <div class="table-wrap">
                        <table>
                            <caption class="sr-only">Config vars</caption>
                            <thead><tr><th scope="col">Key</th><th scope="col">Value</th><th scope="col">Actions</th></tr></thead>
                            <tbody>
                                {Object.keys(map).sort().map((key) => (
                                    <tr key={key}>
                                        <th scope="row"><code>{key}</code></th>
                                        <td class="value">
                                            {editing === key ? (
                                                <form class="row-form" onSubmit={async (e) => {
                                                    e.preventDefault();
                                                    if (await patch({ [key]: editValue }, 'Config Var Edited')) {
                                                        setEditing(null);
                                                    }
                                                }}>
                                                    <label class="sr-only" for={`edit-${key}`}>Value of {key}</label>
                                                    <input id={`edit-${key}`} value={editValue}
                                                        onInput={(e) => setEditValue(e.currentTarget.value)} />
                                                    <button type="submit" class="primary" disabled={action.busy}>Save</button>
                                                    <button type="button" onClick={() => setEditing(null)}>Cancel</button>
                                                </form>
                                            ) : revealed[key] ? <code>{map[key]}</code>
                                                : <code class="masked" aria-label="hidden value">{mask(map[key])}</code>}
                                        </td>
                                        <td class="actions-cell">
                                            <button type="button" aria-pressed={Boolean(revealed[key])}
                                                onClick={() => setRevealed({ ...revealed, [key]: !revealed[key] })}>
                                                {revealed[key] ? 'Hide' : 'Reveal'}<span class="sr-only"> {key}</span>
                                            </button>
                                            <button type="button" onClick={() => { setEditing(key); setEditValue(map[key]); }}>
                                                Edit<span class="sr-only"> {key}</span>
                                            </button>
                                            <button type="button" class="danger" onClick={() => setRemoving(key)}>
                                                Remove<span class="sr-only"> {key}</span>
                                            </button>
                                        </td>
                                    </tr>
                                ))}
                            </tbody>
                        </table>
                    </div>
                )}
            </Async>
            <form class="inline-form" onSubmit={add} aria-label="Add a config var">
                <Field label="Key">
                    <input name="config-key" value={draft.key} pattern="^\w+$" required
                        onInput={(e) => setDraft({ ...draft, key: e.currentTarget.value })} />
                </Field>
                <Field label="Value">
                    <input name="config-value" value={draft.value}
                        onInput={(e) => setDraft({ ...draft, value: e.currentTarget.value })} />
                </Field>
                <button type="submit" class="primary" disabled={action.busy || !draft.key.trim()}>Add</button>
            </form>
            <ErrorMessage error={action.error} />
            {removing ? (
                <ConfirmDialog title={`Remove ${removing}?`} confirmLabel="Remove" danger busy={action.busy}
                    onCancel={() => setRemoving(null)}
                    onConfirm={async () => {
                        await patch({ [removing]: null }, 'Config Var Removed');
                        setRemoving(null);
                    }}>
                    <p>This creates a new release without <code>{removing}</code>.</p>
                </ConfirmDialog>
            ) : null}
        </section>
    );
}

function Releases({ appId, releases, onRolledBack }) {
    const [target, setTarget] = useState(null);
    const action = useAction();
    const rollback = () => action.run(async () => {
        await ctx.api.rollback(appId, target.id);
        ctx.tracker.track('Rolled Back');
        setTarget(null);
        onRolledBack();
    });
    return (
        <section class="card" aria-labelledby="releases-title">
            <h2 id="releases-title">Releases</h2>
            <Async state={releases} empty="No releases.">
                {(list) => (
                    <ol class="releases">
                        {[...list].sort((a, b) => b.version - a.version).map((r) => (
                            <li key={r.id}>
                                <span class="version">v{r.version}</span>
                                <span class="desc">{r.description}
                                    <small class="muted"> · {r.user?.email || ''} · {formatInstant(r.created_at)}</small>
                                </span>
                                {r.current ? <span class="badge current">Current</span> : (
                                    <button type="button" onClick={() => setTarget(r)}
                                        disabled={r.eligible_for_rollback === false}>
                                        Roll back to v{r.version}
                                    </button>
                                )}
                            </li>
                        ))}
                    </ol>
                )}
            </Async>
            {target ? (
                <ConfirmDialog title={`Roll back to v${target.version}?`} confirmLabel="Roll back" busy={action.busy}
                    error={action.error} onConfirm={rollback} onCancel={() => { setTarget(null); action.clear(); }}>
                    <p>A new release restores the config vars of v{target.version} ({target.description}).</p>
                </ConfirmDialog>
            ) : null}
        </section>
    );
}

function Collaborators({ appId, collaborators }) {
    const [email, setEmail] = useState('');
    const action = useAction();
    const add = (e) => {
        e.preventDefault();
        action.run(async () => {
            await ctx.api.addCollaborator(appId, email.trim());
            ctx.tracker.track('Collaborator Added');
            setEmail('');
            collaborators.reload();
        });
    };
    const remove = (c) => action.run(async () => {
        await ctx.api.removeCollaborator(appId, c.user.email);
        collaborators.reload();
    });
    return (
        <section class="card" aria-labelledby="collab-title">
            <h2 id="collab-title">Collaborators</h2>
            <Async state={collaborators} empty="Only you can access this app.">
                {(list) => (
                    <ul class="plain">
                        {list.map((c) => (
                            <li key={c.id}>
                                <span>{c.user?.email}</span> <span class="badge">{c.role}</span>
                                {c.role !== 'owner' ? (
                                    <button type="button" class="danger small" onClick={() => remove(c)}>
                                        Remove<span class="sr-only"> {c.user?.email}</span>
                                    </button>
                                ) : null}
                            </li>
                        ))}
                    </ul>
                )}
            </Async>
            <form class="inline-form" onSubmit={add} aria-label="Add a collaborator">
                <Field label="Email">
                    <input name="collaborator-email" type="email" value={email} required
                        onInput={(e) => setEmail(e.currentTarget.value)} />
                </Field>
                <button type="submit" class="primary" disabled={action.busy || !email.trim()}>Add collaborator</button>
            </form>
            <ErrorMessage error={action.error} />
        </section>
    );
}

export default function AppPage({ route }) {
    const ref = route.parts[1];
    const app = useAsync(() => ctx.api.app(ref), [ref]);
    const appId = app.data?.id;
    const load = (fn) => () => (appId ? fn(appId) : new Promise(() => {}));
    const formation = useAsync(load(ctx.api.formation), [appId]);
    const dynos = useAsync(load(ctx.api.dynos), [appId]);
    const vars = useAsync(load(ctx.api.configVars), [appId]);
    const releases = useAsync(load(ctx.api.releases), [appId]);
    const collaborators = useAsync(load(ctx.api.collaborators), [appId]);

    useEffect(() => onLive((f) => {
        if (f.type === 'resync') {
            [app, formation, dynos, vars, releases, collaborators].forEach((s) => s.reload());
            return;
        }
        const about = f.data?.app?.id || f.data?.app || f.data?.id;
        if (!appId || (about !== appId && f.data?.app?.name !== app.data?.name)) {
            return;
        }
        switch (f.resource) {
            case 'app':
                if (f.action === 'destroy') {
                    navigate('/apps');
                } else if (f.data?.name && f.data.name !== ref) {
                    navigate(`/apps/${encodeURIComponent(f.data.name)}`);
                } else {
                    app.reload();
                }
                break;
            case 'formation':
                formation.reload();
                dynos.reload();
                break;
            case 'config-vars':
                vars.reload();
                releases.reload();
                break;
            case 'release':
                releases.reload();
                vars.reload();
                break;
            case 'collaborator':
                collaborators.reload();
                break;
            default:
        }
    }), [appId, ref, app.data?.name]);

    if (!app.data) {
        return app.error ? (
            <section>
                <h1>{ref}</h1>
                <ErrorMessage error={app.error} />
                <p><a href="#/apps">Back to apps</a></p>
            </section>
        ) : <Loading />;
    }
    const a = app.data;
    return (
        <section aria-labelledby="app-title">
            <nav class="crumbs" aria-label="Breadcrumb"><a href="#/apps">Apps</a> / <span>{a.name}</span></nav>
            <div class="page-head">
                <h1 id="app-title">{a.name}</h1>
                <a class="muted" href={a.web_url} rel="noopener noreferrer" target="_blank">{a.web_url}</a>
            </div>
            <p class="muted">{a.region?.name} · {a.stack?.name} · owner {a.owner?.email}</p>
            <div class="grid">
                <Formation appId={a.id} formation={formation} dynos={dynos} />
                <ConfigVars appId={a.id} vars={vars} onChanged={releases.reload} />
                <Releases appId={a.id} releases={releases} onRolledBack={() => { releases.reload(); vars.reload(); }} />
                <Collaborators appId={a.id} collaborators={collaborators} />
            </div>
        </section>
    );
}
