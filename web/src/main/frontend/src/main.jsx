import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { createApi, createAuthApi } from './lib/api.js';
import { loadConfig } from './lib/config.js';
import { STANDING_TEXT, standingOf } from './lib/billing.js';
import { createLiveFeed, STATES } from './lib/live.js';
import { createSession } from './lib/session.js';
import { createTracker } from './lib/track.js';
import { ctx, emitLive } from './context.js';
import { navigate, pageFor, parseRoute, useRoute } from './router.js';
import { Loading } from './components/ui.jsx';
import './styles.css';

// Each page is its own chunk, so a page loads only its code (uPlot only on analytics).
const PAGES = {
    signin: () => import('./pages/SignIn.jsx'),
    apps: () => import('./pages/Apps.jsx'),
    app: () => import('./pages/AppPage.jsx'),
    analytics: () => import('./pages/Analytics.jsx'),
    billing: () => import('./pages/Billing.jsx'),
};

let firstPage = true;

function LazyPage({ name, route }) {
    const [mod, setMod] = useState(null);
    const [error, setError] = useState(null);
    useEffect(() => {
        // After a client-side navigation, screen readers and keyboard users start at the new page's content.
        if (mod && !firstPage) {
            document.getElementById('main')?.focus({ preventScroll: false });
        }
        if (mod) {
            firstPage = false;
        }
    }, [mod, route.path]);
    useEffect(() => {
        let live = true;
        setMod(null);
        PAGES[name]().then((m) => live && setMod(m), (e) => live && setError(e));
        return () => {
            live = false;
        };
    }, [name]);
    useEffect(() => {
        ctx.tracker.track('Page Viewed', { page: name });
        const title = { signin: 'Sign in', apps: 'Apps', app: route.parts[1], analytics: 'Analytics', billing: 'Billing' };
        document.title = `${title[name] || 'Dashboard'} · Stratus`;
    }, [name, route.path]);
    if (error) {
        return <p class="error" role="alert">This page failed to load. Reload to try again.</p>;
    }
    if (!mod) {
        return <Loading />;
    }
    const Page = mod.default;
    return <Page route={route} />;
}

const STATE_LABELS = {
    [STATES.OPEN]: 'Live', [STATES.CONNECTING]: 'Connecting…', [STATES.RECONNECTING]: 'Reconnecting…',
    [STATES.CLOSED]: 'Offline',
};

function LiveStatus({ state }) {
    return (
        <div class={`live live-${state}`} role="status" aria-live="polite">
            <span class="dot" aria-hidden="true" />
            <span>{STATE_LABELS[state] || state}</span>
            {state !== STATES.OPEN ? (
                <button type="button" class="link" onClick={() => ctx.live.reconnectNow()}>Reconnect</button>
            ) : null}
        </div>
    );
}

function StandingBanner({ account }) {
    const standing = standingOf(account);
    if (!standing || standing.level === 'verified') {
        return null;
    }
    const urgent = standing.level !== 'unverified';
    return (
        <div class={`banner banner-${standing.level}`} role={urgent ? 'alert' : 'status'}>
            <span>{STANDING_TEXT[standing.level]}</span> <a href="#/billing">Go to billing</a>
        </div>
    );
}

function Shell() {
    const route = useRoute();
    const [session, setSession] = useState(ctx.session.get());
    const [liveState, setLiveState] = useState(STATES.CLOSED);
    const [menuOpen, setMenuOpen] = useState(false);
    const [account, setAccount] = useState(null);

    useEffect(() => ctx.session.subscribe(setSession), []);
    useEffect(() => {
        const onStorage = (e) => e.key === 'stratus.session' && ctx.session.syncFromStorage();
        addEventListener('storage', onStorage);
        return () => removeEventListener('storage', onStorage);
    }, []);
    useEffect(() => {
        if (!session) {
            return undefined;
        }
        ctx.tracker.identify(session.accountId);
        ctx.live = createLiveFeed({
            base: location.href,
            getToken: ctx.session.token,
            refreshToken: () => ctx.session.refresh(),
            onEvent: emitLive,
            onResync: () => emitLive({ type: 'resync' }),
            onState: setLiveState,
        });
        ctx.live.start();
        const online = () => ctx.live.reconnectNow();
        addEventListener('online', online);
        return () => {
            removeEventListener('online', online);
            ctx.live.stop();
        };
    }, [session?.accountId]);
    useEffect(() => setMenuOpen(false), [route.path]);
    // The account (tracking consent, standing) is read again on each page change: standing changes when a card
    // is added or an invoice paid.
    useEffect(() => {
        if (!session) {
            setAccount(null);
            return;
        }
        ctx.api.account().then((a) => {
            ctx.tracker.setEnabled(a?.allow_tracking !== false);
            setAccount(a);
        }, () => {});
    }, [session?.accountId, route.path]);

    const name = pageFor(route, Boolean(session));
    const signOut = async () => {
        ctx.tracker.track('Signed Out');
        await ctx.tracker.flush();
        await ctx.session.signOut();
        navigate('/signin');
    };
    const links = [['apps', 'Apps'], ['analytics', 'Analytics'], ['billing', 'Billing']];
    return (
        <>
            <a class="skip" href="#main" onClick={(e) => {
                e.preventDefault();
                document.getElementById('main')?.focus();
            }}>Skip to content</a>
            <header class="topbar">
                <a class="brand" href="#/apps">Stratus</a>
                {session ? (
                    <>
                        <button type="button" class="menu-toggle" aria-expanded={menuOpen} aria-controls="nav"
                            onClick={() => setMenuOpen(!menuOpen)}>Menu</button>
                        <nav id="nav" class={menuOpen ? 'open' : ''} aria-label="Main">
                            {links.map(([key, label]) => (
                                <a href={`#/${key}`} aria-current={name === key || (key === 'apps' && name === 'app') ? 'page' : undefined}>
                                    {label}
                                </a>
                            ))}
                            <LiveStatus state={liveState} />
                            <span class="who" title={session.email || ''}>{session.email || 'Signed in'}</span>
                            <button type="button" onClick={signOut}>Sign out</button>
                        </nav>
                    </>
                ) : null}
            </header>
            {session ? <StandingBanner account={account} /> : null}
            <main id="main" tabindex="-1">
                <LazyPage name={name} route={route} />
            </main>
        </>
    );
}

async function start() {
    // Fetch the first page's chunk while /config.json loads rather than after: one round trip less to the
    // first paint (bench/tti.mjs).
    const signedIn = Boolean(localStorage.getItem('stratus.session'));
    PAGES[pageFor(parseRoute(location.hash), signedIn)]().catch(() => {});
    const config = await loadConfig();
    ctx.config = config;
    ctx.authApi = createAuthApi({ authUrl: config.authUrl, clientId: config.clientId });
    ctx.session = createSession({ authApi: ctx.authApi });
    ctx.api = createApi({
        getToken: ctx.session.token,
        refresh: () => ctx.session.refresh(),
        onUnauthorized: () => ctx.session.signOut(),
    });
    ctx.tracker = createTracker({ token: config.analyticsToken });
    addEventListener('pagehide', () => ctx.tracker.flush({ beacon: true }));
    render(<Shell />, document.getElementById('app'));
}

start();
