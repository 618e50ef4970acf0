import { useState } from 'preact/hooks';
import { ctx } from '../context.js';
import { navigate } from '../router.js';
import { ErrorMessage, Field } from '../components/ui.jsx';

export default function SignIn({ route }) {
    const signingUp = route.parts[0] === 'signup';
    const [form, setForm] = useState({ email: '', password: '', name: '' });
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });

    const submit = async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
            if (signingUp) {
                await ctx.authApi.signUp({ email: form.email, password: form.password, name: form.name });
                ctx.tracker.track('Signed Up');
            }
            await ctx.session.signIn(form.email, form.password);
            ctx.tracker.track('Signed In');
            navigate('/apps');
        } catch (err) {
            setError(err.id === 'network'
                ? { message: `Cannot reach the sign-in service at ${ctx.config.authUrl}. Try again in a moment.` } : err);
        } finally {
            setBusy(false);
        }
    };

    return (
        <section class="auth-card" aria-labelledby="auth-title">
            <h1 id="auth-title">{signingUp ? 'Create your Stratus account' : 'Sign in to Stratus'}</h1>
            <form onSubmit={submit} noValidate={false}>
                {signingUp ? (
                    <Field label="Name">
                        <input name="name" autocomplete="name" value={form.name} onInput={set('name')} required />
                    </Field>
                ) : null}
                <Field label="Email">
                    <input name="email" type="email" autocomplete="username" value={form.email} onInput={set('email')}
                        required />
                </Field>
                <Field label="Password" hint={signingUp ? 'At least 10 characters; common passwords are refused.' : null}>
                    <input name="password" type="password" value={form.password} onInput={set('password')} required
                        autocomplete={signingUp ? 'new-password' : 'current-password'} />
                </Field>
                <ErrorMessage error={error} />
                <button type="submit" class="primary wide" disabled={busy}>
                    {busy ? 'Please wait…' : signingUp ? 'Create account' : 'Sign in'}
                </button>
            </form>
            <p class="muted">
                {signingUp ? <>Already have an account? <a href="#/signin">Sign in</a></>
                    : <>New to Stratus? <a href="#/signup">Create an account</a></>}
            </p>
        </section>
    );
}
