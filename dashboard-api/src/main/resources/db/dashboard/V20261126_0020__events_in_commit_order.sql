-- Live event ids in commit order (issue 11). A sequence value drawn at insert time follows insert order, and
-- transactions commit in another: a client that saw id 12 would never get id 11 if 11 committed later, and a
-- resume with ?since=12 skips it too. So a row is inserted with a provisional negative id, and a deferred
-- constraint trigger, which runs at commit, serialises the committing transactions on one advisory lock (held
-- until the commit is visible), draws the real id and sends the NOTIFY. Negative ids are never visible to others.
create sequence dashboard.events_provisional_id_seq;
alter table dashboard.events alter column id set default -nextval('dashboard.events_provisional_id_seq');

create function dashboard.events_assign_id() returns trigger language plpgsql as $$
declare
    real_id bigint;
    payload text;
begin
    -- 7304152: this lock's number, used nowhere else.
    perform pg_advisory_xact_lock(7304152);
    real_id := nextval('dashboard.events_id_seq');
    update dashboard.events set id = real_id where id = new.id;
    if not found then
        return null; -- deleted in its own transaction: nothing to announce
    end if;
    payload := json_build_object('id', real_id, 'app', new.app_id, 'audience', new.audience,
                                 'frame', new.frame)::text;
    -- NOTIFY payloads must stay under 8000 bytes; a bigger one carries only the outbox id.
    if octet_length(payload) > 7900 then
        payload := json_build_object('id', real_id)::text;
    end if;
    perform pg_notify('stratus_dashboard_events', payload);
    return null;
end
$$;

create constraint trigger events_commit_order after insert on dashboard.events
    deferrable initially deferred for each row execute function dashboard.events_assign_id();
