-- A credit's balance sums its ledger rows; without this index each look-up scanned the whole ledger
-- (bench/billing: the invoice run spent most of its time there).
create index credit_ledger_credit on billing.credit_ledger (credit_id);
