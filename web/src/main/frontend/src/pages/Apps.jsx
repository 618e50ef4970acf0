import { useEffect, useState } from 'preact/hooks';
import { ctx, onLive } from '../context.js';
import { navigate } from '../router.js';
import { formatInstant } from '../lib/format.js';
import { Async, ConfirmDialog, ErrorMessage, Field, useAction, useAsync } from '../components/ui.jsx';

const NAME_RULE = '^[a-z][a-z0-9\\-]{1,28}[a-z0-9]$';

function CreateApp({ onCreated }) {
    const [name, setName] = useState('');
    const [region, setRegion] = useState('us');
    const action = useAction();
    const submit = (e) => {
        e.preventDefault();
        action.run(async () => {
            const app = await ctx.api.createApp(name ? { name, region } : { region });
            ctx.tracker.track('App Created', { region });
            setName('');
            onCreated(app);
        });
    };
    return (
        <form class="card inline-form" onSubmit={submit} aria-labelledby="create-title">
            <h2 id="create-title">Create an app</h2>
            <Field label="App name" hint="Optional: 3–30 lowercase letters, digits and dashes. Left empty, one is picked.">
                <input name="app-name" value={name} pattern={NAME_RULE} onInput={(e) => setName(e.currentTarget.value)} />
            </Field>
            <Field label="Region">
                <select name="region" value={region} onChange={(e) => setRegion(e.currentTarget.value)}>
                    <option value="us">United States</option>
                    <option value="eu">Europe</option>
                </select>
            </Field>
            <button type="submit" class="primary" disabled={action.busy}>{action.busy ? 'Creating…' : 'Create app'}</button>
            <ErrorMessage error={action.error} />
        </form>
    );
}

function AppRow({ app, onChanged }) {
    const [renaming, setRenaming] = useState(false);
    const [newName, setNewName] = useState(app.name);
    const [deleting, setDeleting] = useState(false);
    const rename = useAction();
    const del = useAction();

    const saveName = (e) => {
        e.preventDefault();
        rename.run(async () => {
            await ctx.api.renameApp(app.id, newName);
            ctx.tracker.track('App Renamed');
            setRenaming(false);
            onChanged();
        });
    };
    const destroy = () => del.run(async () => {
        await ctx.api.deleteApp(app.id);
        ctx.tracker.track('App Deleted');
        setDeleting(false);
        onChanged();
    });

    return (
        <tr>
            <td>
                {renaming ? (
                    <form class="row-form" onSubmit={saveName}>
                        <label class="sr-only" for={`rename-${app.id}`}>New name for {app.name}</label>
                        <input id={`rename-${app.id}`} value={newName} pattern={NAME_RULE}
                            onInput={(e) => setNewName(e.currentTarget.value)} />
                        <button type="submit" class="primary" disabled={rename.busy}>Save</button>
                        <button type="button" onClick={() => setRenaming(false)}>Cancel</button>
                        <ErrorMessage error={rename.error} />
                    </form>
                ) : <a href={`#/apps/${encodeURIComponent(app.name)}`}>{app.name}</a>}
            </td>
            <td>{app.region?.name || '—'}</td>
            <td class="hide-phone">{app.owner?.email || '—'}</td>
            <td class="hide-phone">{formatInstant(app.updated_at)}</td>
            <td class="actions-cell">
                <button type="button" onClick={() => setRenaming(true)} aria-label={`Rename ${app.name}`}>Rename</button>
                <button type="button" class="danger" onClick={() => setDeleting(true)} aria-label={`Delete ${app.name}`}>
                    Delete
                </button>
                {deleting ? (
                    <ConfirmDialog title={`Delete ${app.name}?`} confirmLabel="Delete app" danger expect={app.name}
                        busy={del.busy} error={del.error} onConfirm={destroy}
                        onCancel={() => { setDeleting(false); del.clear(); }}>
                        <p>This stops all its dynos and removes its config vars, releases and collaborators.
                            It cannot be undone.</p>
                    </ConfirmDialog>
                ) : null}
            </td>
        </tr>
    );
}

export default function Apps() {
    const apps = useAsync(() => ctx.api.apps(), []);
    useEffect(() => onLive((f) => {
        if (f.type === 'resync' || f.resource === 'app' || f.resource === 'collaborator') {
            apps.reload();
        }
    }), [apps.reload]);

    return (
        <section aria-labelledby="apps-title">
            <div class="page-head">
                <h1 id="apps-title">Apps</h1>
                {apps.loading && apps.data ? <span class="muted" role="status">Refreshing…</span> : null}
            </div>
            <CreateApp onCreated={(app) => navigate(`/apps/${encodeURIComponent(app.name)}`)} />
            <Async state={apps} empty="You have no apps yet. Create one above.">
                {(list) => (
                    <div class="table-wrap">
                        <table>
                            <caption class="sr-only">Your apps</caption>
                            <thead>
                                <tr><th scope="col">Name</th><th scope="col">Region</th>
                                    <th scope="col" class="hide-phone">Owner</th>
                                    <th scope="col" class="hide-phone">Updated</th><th scope="col">Actions</th></tr>
                            </thead>
                            <tbody>
                                {list.map((app) => <AppRow key={app.id} app={app} onChanged={apps.reload} />)}
                            </tbody>
                        </table>
                    </div>
                )}
            </Async>
        </section>
    );
}
