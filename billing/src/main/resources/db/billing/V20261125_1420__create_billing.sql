-- Billing (spec/billing.md). Money is integer cents, instants are timestamptz in UTC.

create table billing.prices (
    kind          text        not null check (kind in ('dyno', 'addon')),
    name          text        not null,
    monthly_cents bigint      not null check (monthly_cents >= 0 and monthly_cents <= 100000000),
    updated_at    timestamptz not null default now(),
    primary key (kind, name)
);

insert into billing.prices (kind, name, monthly_cents) values
    ('dyno', 'eco', 0),
    ('dyno', 'basic', 700),
    ('dyno', 'standard-1x', 2500),
    ('dyno', 'standard-2x', 5000),
    ('dyno', 'performance-m', 25000),
    ('dyno', 'performance-l', 50000),
    ('dyno', 'performance-l-ram', 50000),
    ('dyno', 'performance-xl', 75000),
    ('dyno', 'performance-2xl', 150000),
    ('addon', 'heroku-postgresql:essential-0', 500),
    ('addon', 'heroku-postgresql:standard-0', 5000),
    ('addon', 'heroku-redis:mini', 300);

-- Raw usage in ingestion order (seq); event_id makes ingestion idempotent.
create table billing.usage_events (
    seq          bigserial   primary key,
    event_id     text        not null unique,
    account_id   uuid        not null,
    type         text        not null check (type in ('formation', 'app_delete', 'addon_attach', 'addon_detach',
                                                      'addon_plan_change', 'eco_subscribe', 'eco_unsubscribe')),
    at           timestamptz not null,
    app          text,
    process_type text,
    size         text,
    quantity     integer     check (quantity >= 0),
    addon_id     text,
    plan         text,
    created_at   timestamptz not null default now()
);
create index usage_events_account_at on billing.usage_events (account_id, at, seq);

-- Per-account billing state: the last finalized month (months finalize in order, rule 9) and dunning outcome.
create table billing.accounts (
    account_id        uuid        primary key,
    finalized_through date,
    delinquent_at     timestamptz,
    updated_at        timestamptz not null default now()
);

create table billing.credits (
    id           uuid        primary key,
    account_id   uuid        not null,
    amount_cents bigint      not null check (amount_cents > 0),
    granted_at   timestamptz not null,
    expires_at   timestamptz,
    title        text        not null,
    created_at   timestamptz not null default now()
);
create index credits_account on billing.credits (account_id);

-- Append-only (rule 8): a credit's balance is its grant minus its consume and expire rows.
create table billing.credit_ledger (
    seq          bigserial   primary key,
    account_id   uuid        not null,
    credit_id    uuid        not null,
    kind         text        not null check (kind in ('grant', 'consume', 'expire')),
    amount_cents bigint      not null check (amount_cents > 0),
    invoice_id   uuid,
    at           timestamptz not null
);
create index credit_ledger_account on billing.credit_ledger (account_id, credit_id);

create sequence billing.invoice_numbers start 10001;

create table billing.invoices (
    id            uuid        primary key,
    account_id    uuid        not null,
    number        bigint      not null unique default nextval('billing.invoice_numbers'),
    period        date        not null,
    period_start  timestamptz not null,
    period_end    timestamptz not null,
    charges_total bigint      not null check (charges_total >= 0),
    credits_total bigint      not null check (credits_total >= 0),
    total         bigint      not null check (total >= 0),
    state         text        not null check (state in ('pending', 'paid', 'failed')),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    -- Rule 9: a job run twice, or on two instances at once, cannot bill a month twice.
    constraint invoices_one_per_period unique (account_id, period)
);

create table billing.invoice_lines (
    invoice_id   uuid    not null,
    ordinal      integer not null,
    type         text    not null,
    app          text,
    process_type text,
    size         text,
    addon_id     text,
    plan         text,
    seconds      bigint  not null,
    amount_cents bigint  not null,
    primary key (invoice_id, ordinal)
);

-- Rule 11: a token and display fields only; the card number never reaches the database.
create table billing.payment_methods (
    id            uuid        primary key,
    account_id    uuid        not null,
    gateway_token text        not null,
    brand         text        not null,
    last4         char(4)     not null,
    exp_month     integer     not null check (exp_month between 1 and 12),
    exp_year      integer     not null,
    created_at    timestamptz not null default now(),
    deleted_at    timestamptz
);
create index payment_methods_account on billing.payment_methods (account_id);

create table billing.payments (
    id                uuid        primary key,
    account_id        uuid        not null,
    invoice_id        uuid,
    payment_method_id uuid        not null,
    amount_cents      bigint      not null check (amount_cents > 0),
    currency          text        not null,
    state             text        not null check (state in ('pending', 'succeeded', 'failed', 'unknown')),
    failure_code      text,
    refunded_cents    bigint      not null default 0 check (refunded_cents >= 0 and refunded_cents <= amount_cents),
    attempt           integer     not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);
create index payments_account on billing.payments (account_id);
-- At most one payment per invoice is in flight or succeeded: an invoice is never charged twice (rule 11).
create unique index payments_one_live_per_invoice on billing.payments (invoice_id)
    where state in ('pending', 'unknown', 'succeeded');

create table billing.refunds (
    id           uuid        primary key,
    payment_id   uuid        not null,
    amount_cents bigint      not null check (amount_cents > 0),
    created_at   timestamptz not null default now()
);

-- Dunning (issue 8): retries of a failed invoice payment, then delinquency.
create table billing.dunning (
    invoice_id     uuid        primary key,
    account_id     uuid        not null,
    first_failed_at timestamptz not null,
    retries_done   integer     not null default 0,
    next_retry_at  timestamptz,
    closed_at      timestamptz
);

-- Rule 10: stored in the same transaction as the effect; kept at least 24 h.
create table billing.idempotency_keys (
    scope           text        not null,
    key             text        not null,
    request_hash    text        not null,
    status          text        not null check (status in ('in_progress', 'completed')),
    response_status integer,
    response_body   text,
    resource_id     uuid,
    created_at      timestamptz not null default now(),
    primary key (scope, key)
);
