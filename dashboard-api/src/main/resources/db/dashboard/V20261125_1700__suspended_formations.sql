-- Issue 12: what a suspension stopped, so that the owner can restore it with one call once the invoices are paid.
create table dashboard.suspended_formations (
    app_id       uuid        not null references dashboard.apps (id) on delete cascade,
    type         text        not null,
    account_id   uuid        not null,
    size         text        not null,
    quantity     integer     not null check (quantity > 0),
    suspended_at timestamptz not null,
    primary key (app_id, type)
);
create index suspended_formations_account on dashboard.suspended_formations (account_id);
