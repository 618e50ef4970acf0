-- Breakdown rollups, derived in the background from finished UTC days (query.PropertyRollups): per project, event,
-- day, property and value, the events and an UltraLogLog (hash4j, precision 11, as event_rollups) of their
-- distinct_ids. value is the jsonb text of the property's value. Caps keep a day bounded: a property with more
-- than 256 values on a day gets one row with value NULL (its count, no sketch) and breakdowns by it read that
-- day's raw events; beyond 64 properties per event and day, one row with property NULL says the day is capped.
CREATE TABLE analytics.event_property_rollups (
    project_id uuid        NOT NULL,
    event      text        NOT NULL,
    day        timestamptz NOT NULL,
    property   text,
    value      text,
    count      bigint      NOT NULL,
    users      bytea
);
CREATE UNIQUE INDEX event_property_rollups_key_idx
    ON analytics.event_property_rollups (project_id, event, property, day, value) NULLS NOT DISTINCT;

-- One row per derived (project, event, day): count is the day's events the derivation read. A day's derived rows
-- are used only while count equals the writer's day rollup (event_rollups): a late event makes the day stale, so
-- breakdowns read it raw until it is derived again. rollup_count is the rollup's count when it was derived, so a
-- day whose rollup has not changed is not derived again.
CREATE TABLE analytics.event_property_days (
    project_id   uuid        NOT NULL,
    event        text        NOT NULL,
    day          timestamptz NOT NULL,
    count        bigint      NOT NULL,
    rollup_count bigint      NOT NULL,
    derived_at   timestamptz NOT NULL,
    PRIMARY KEY (project_id, event, day)
);
