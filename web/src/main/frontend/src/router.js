import { useEffect, useState } from 'preact/hooks';

// Hash routes (#/apps/my-app): app's root paths belong to the Heroku API (/apps, /account), so the SPA keeps
// its own routes out of the path and needs no server-side fallback.
export function parseRoute(hash) {
    const path = (hash || '').replace(/^#/, '') || '/';
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    return { path, parts };
}

const PAGE_NAMES = ['apps', 'analytics', 'billing'];

/** Which page a route shows: signed out, always sign-in (or sign-up); unknown routes fall back to the apps list. */
export function pageFor(route, signedIn) {
    const [first] = route.parts;
    if (!signedIn) {
        return 'signin';
    }
    if (first === 'apps' && route.parts[1]) {
        return 'app';
    }
    return PAGE_NAMES.includes(first) ? first : 'apps';
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
