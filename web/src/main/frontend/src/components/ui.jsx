import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** Runs an async loader and keeps {data, error, loading}; reload() reruns it (live updates call it). */
export function useAsync(loader, deps) {
    const [state, setState] = useState({ data: null, error: null, loading: true });
    const seq = useRef(0);
    const run = useCallback(() => {
        const mine = ++seq.current;
        setState((s) => ({ ...s, loading: true }));
        return loader().then(
            (data) => mine === seq.current && setState({ data, error: null, loading: false }),
            (error) => mine === seq.current && setState((s) => ({ data: s.data, error, loading: false })));
    }, deps);
    useEffect(() => {
        run();
    }, [run]);
    return { ...state, reload: run, setData: (data) => setState((s) => ({ ...s, data })) };
}

/** Wraps an action: busy while it runs, its API error message shown next to the control. */
export function useAction() {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const run = async (fn) => {
        setBusy(true);
        setError(null);
        try {
            return await fn();
        } catch (e) {
            setError(e);
            return undefined;
        } finally {
            setBusy(false);
        }
    };
    return { busy, error, run, clear: () => setError(null) };
}

export function ErrorMessage({ error }) {
    if (!error) {
        return null;
    }
    return (
        <p class="error" role="alert">
            {error.message || String(error)}
            {error.id && error.status ? <span class="error-id"> ({error.id})</span> : null}
        </p>
    );
}

export function Loading({ label = 'Loading…' }) {
    return <p class="muted" role="status" aria-live="polite"><span class="spinner" aria-hidden="true" />{label}</p>;
}

export function Empty({ children }) {
    return <p class="empty">{children}</p>;
}

/** Shows loading, error and empty states uniformly, then the content. */
export function Async({ state, empty, isEmpty, children }) {
    if (state.loading && state.data == null) {
        return <Loading />;
    }
    if (state.error && state.data == null) {
        return <ErrorMessage error={state.error} />;
    }
    const data = state.data;
    const none = isEmpty ? isEmpty(data) : Array.isArray(data) && data.length === 0;
    return (
        <>
            {state.error ? <ErrorMessage error={state.error} /> : null}
            {none && empty ? <Empty>{empty}</Empty> : children(data)}
        </>
    );
}

/**
 * A modal confirmation. With `expect`, the user types that text (the app name) before the destructive
 * button enables, the step Heroku's dashboard has users take before deleting an app.
 */
export function ConfirmDialog({ title, children, confirmLabel = 'Confirm', expect, danger, onConfirm, onCancel,
    busy, error }) {
    const [typed, setTyped] = useState('');
    const ref = useRef(null);
    useEffect(() => {
        const first = ref.current?.querySelector('input, button');
        first?.focus();
        const onKey = (e) => {
            if (e.key === 'Escape') {
                onCancel();
            }
            if (e.key === 'Tab' && ref.current) {
                const items = [...ref.current.querySelectorAll('input, button:not([disabled])')];
                const i = items.indexOf(document.activeElement);
                if (e.shiftKey && i <= 0) {
                    items.at(-1)?.focus();
                    e.preventDefault();
                } else if (!e.shiftKey && i === items.length - 1) {
                    items[0]?.focus();
                    e.preventDefault();
                }
            }
        };
        document.addEventListener('keydown', onKey);
        return () => document.removeEventListener('keydown', onKey);
    }, []);
    const ok = !expect || typed === expect;
    return (
        <div class="backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" ref={ref}>
                <h2 id="dialog-title">{title}</h2>
                {children}
                {expect ? (
                    <label class="field">
                        <span>Type <strong>{expect}</strong> to confirm</span>
                        <input value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autocomplete="off" />
                    </label>
                ) : null}
                <ErrorMessage error={error} />
                <div class="actions">
                    <button type="button" onClick={onCancel}>Cancel</button>
                    <button type="button" class={danger ? 'danger' : 'primary'} disabled={!ok || busy}
                        onClick={onConfirm}>{busy ? 'Working…' : confirmLabel}</button>
                </div>
            </div>
        </div>
    );
}

export function Field({ label, hint, children }) {
    return (
        <label class="field">
            <span>{label}</span>
            {children}
            {hint ? <small class="muted">{hint}</small> : null}
        </label>
    );
}
