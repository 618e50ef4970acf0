-- Accounts are created on a user's first request (id = JWT sub) or as placeholders for a collaborator invited by
-- email, bound to the first user whose token carries that email.
create table dashboard.accounts (
    id              uuid primary key,
    email           text not null,
    name            text,
    allow_tracking  boolean not null default true,
    beta            boolean not null default false,
    placeholder     boolean not null default false,
    last_login      timestamptz,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index accounts_email_idx on dashboard.accounts (lower(email));

create table dashboard.apps (
    id              uuid primary key,
    name            text not null,
    owner_id        uuid not null,
    region          text not null,
    stack           text not null,
    build_stack     text not null,
    maintenance     boolean not null default false,
    run_counter     integer not null default 0,
    released_at     timestamptz,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create unique index apps_name_key on dashboard.apps (name);
create index apps_owner_idx on dashboard.apps (owner_id);

create table dashboard.collaborators (
    id              uuid primary key,
    app_id          uuid not null references dashboard.apps (id) on delete cascade,
    account_id      uuid not null,
    role            text not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    unique (app_id, account_id)
);
create index collaborators_account_idx on dashboard.collaborators (account_id);

create table dashboard.releases (
    id              uuid primary key,
    app_id          uuid not null references dashboard.apps (id) on delete cascade,
    version         integer not null,
    description     text not null,
    user_id         uuid not null,
    user_email      text not null,
    config          jsonb not null,
    created_at      timestamptz not null,
    unique (app_id, version)
);

create table dashboard.formations (
    id              uuid primary key,
    app_id          uuid not null references dashboard.apps (id) on delete cascade,
    type            text not null,
    command         text not null,
    quantity        integer not null,
    size            text not null,
    lock_version    bigint not null default 0,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    unique (app_id, type)
);

-- One-off dynos (run.N); formation dynos (web.1 ...) are derived from the formation.
create table dashboard.dynos (
    id              uuid primary key,
    app_id          uuid not null references dashboard.apps (id) on delete cascade,
    name            text not null,
    type            text not null,
    command         text not null,
    size            text not null,
    state           text not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    unique (app_id, name)
);

-- Outbox of live events: ids increase in commit order per app (the app row is locked while they are written);
-- kept at least an hour so that a socket can resume with ?since=<id>. No foreign key: destroy events outlive
-- their app.
create table dashboard.events (
    id              bigserial primary key,
    app_id          uuid not null,
    audience        jsonb not null,
    frame           jsonb not null,
    created_at      timestamptz not null default now()
);
create index events_created_idx on dashboard.events (created_at);
