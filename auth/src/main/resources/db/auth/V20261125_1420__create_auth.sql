create table auth.users (
    id uuid primary key,
    email text not null,
    name text,
    password_hash text not null,
    roles text not null,
    disabled boolean not null default false,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create unique index users_email_lower_idx on auth.users (lower(email));

create table auth.service_clients (
    client_id text primary key,
    name text,
    secret_hash text not null,
    scopes text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table auth.refresh_tokens (
    id uuid primary key,
    token_hash text not null unique,
    family_id uuid not null,
    user_id uuid not null,
    rotated_at timestamptz,
    revoked_at timestamptz,
    expires_at timestamptz not null,
    created_at timestamptz not null
);
create index refresh_tokens_family_idx on auth.refresh_tokens (family_id);

create table auth.authorizations (
    id uuid primary key,
    user_id uuid not null,
    description text,
    token_hash text not null unique,
    jti text not null unique,
    kid text not null,
    expires_at timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index authorizations_user_idx on auth.authorizations (user_id);

-- The feed every app instance polls: revoked token ids, kept until the token would have expired anyway.
create table auth.revocations (
    seq bigserial primary key,
    jti text not null,
    expires_at timestamptz not null,
    revoked_at timestamptz not null
);

-- status: next (published, not yet signing), active (signing), retired (published until publish_until).
create table auth.signing_keys (
    kid text primary key,
    status text not null,
    public_jwk text not null,
    private_key_enc bytea not null,
    created_at timestamptz not null,
    activated_at timestamptz,
    publish_until timestamptz
);

create table auth.settings (
    name text primary key,
    value text not null
);
