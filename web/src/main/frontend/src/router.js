import { useEffect, useState } from 'preact/hooks';

// Hash routes (#/apps/my-app): app's root paths belong to the Heroku API (/apps, /account), so the SPA keeps
// its own routes out of the path and needs no server-side fallback.
export function parseRoute(hash) {
    const path = (hash || '').replace(/^#/, '') || '/';
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    return { path, parts };
}

export function useRoute() {
    const [route, setRoute] = useState(() => parseRoute(location.hash));
    useEffect(() => {
        const on = () => setRoute(parseRoute(location.hash));
        addEventListener('hashchange', on);
        return () => removeEventListener('hashchange', on);
    }, []);
    return route;
}

export function navigate(path) {
    location.hash = '#' + path;
}
