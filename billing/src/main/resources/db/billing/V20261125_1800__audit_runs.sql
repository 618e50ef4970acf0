-- Audit runs (spec/billing.md "Audit", issue 9): one row per run with its checkpoint, and the discrepancies found.
-- A run's discrepancies and its checkpoint (last completed account, counts) commit in the same transaction, so a
-- run resumed after a crash reports each account exactly once.
create table billing.audit_runs (
    id               uuid        primary key,
    period           date        not null,
    state            text        not null check (state in ('running', 'stopped', 'failed', 'completed')),
    account_from     uuid,
    account_to       uuid,
    last_account     uuid,
    accounts_done    bigint      not null default 0,
    rows_done        bigint      not null default 0,
    accounts_total   bigint,
    rows_total       bigint,
    discrepancies    bigint      not null default 0,
    error            text,
    started_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    finished_at      timestamptz
);

create table billing.audit_discrepancies (
    run_id         uuid   not null,
    seq            bigint not null,
    kind           text   not null,
    account_id     uuid   not null,
    invoice_id     uuid,
    invoice_number bigint,
    line           text,
    credit_id      uuid,
    field          text,
    expected_cents bigint,
    actual_cents   bigint,
    primary key (run_id, seq)
);
