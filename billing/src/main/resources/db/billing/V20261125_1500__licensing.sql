-- Licensing (issue 12): limits per standing as data, card verification, admin overrides with their audit.
create table billing.standing_limits (
    standing      text    primary key check (standing in ('unverified', 'verified')),
    max_apps      integer not null check (max_apps >= 0),
    max_quantity  integer not null check (max_quantity >= 0),
    -- null: every size of the price list
    allowed_sizes text[]
);
insert into billing.standing_limits (standing, max_apps, max_quantity, allowed_sizes) values
    ('unverified', 5, 2, array['eco', 'basic']),
    ('verified', 100, 100, null);

-- A card counts for verification only when the gateway accepted a zero-amount authorization.
alter table billing.payment_methods add column verified boolean not null default false;

alter table billing.accounts add column suspended_at timestamptz;
alter table billing.accounts add column verified_override boolean;
alter table billing.accounts add column app_limit_override integer check (app_limit_override >= 0);

create table billing.standing_audit (
    seq        bigserial   primary key,
    account_id uuid        not null,
    actor      text        not null,
    change     text        not null,
    reason     text        not null,
    at         timestamptz not null default now()
);
