// Runtime configuration of the dashboard, read once from /config.json (shipped in the jar, replaceable by an
// operator or a test). The SPA talks to auth directly, so auth must allow CORS from the app's origin.

const DEFAULTS = { authUrl: '', analyticsToken: '', clientId: '' };

/** The auth base URL when none is configured: same host as the page, port 8081 (the run command's layout). */
export function defaultAuthUrl(location) {
    return `${location.protocol}//${location.hostname}:8081`;
}

export function resolveConfig(raw, location) {
    const config = { ...DEFAULTS, ...(raw && typeof raw === 'object' ? raw : {}) };
    config.authUrl = (config.authUrl || defaultAuthUrl(location)).replace(/\/+$/, '');
    return config;
}

export async function loadConfig(fetchImpl = fetch, location = window.location) {
    try {
        const res = await fetchImpl('/config.json', { cache: 'no-store' });
        return resolveConfig(res.ok ? await res.json() : null, location);
    } catch {
        return resolveConfig(null, location);
    }
}
