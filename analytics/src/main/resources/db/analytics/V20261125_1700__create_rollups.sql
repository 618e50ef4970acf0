-- Per project, event and UTC hour or day: events inserted and an UltraLogLog (hash4j, precision 11) of their
-- distinct_ids. Kept by the writer in the insert's transaction (pipeline.Rollups); read by /events/series.
CREATE TABLE analytics.event_rollups (
    project_id uuid        NOT NULL,
    event      text        NOT NULL,
    unit       text        NOT NULL CHECK (unit IN ('hour', 'day')),
    bucket     timestamptz NOT NULL,
    count      bigint      NOT NULL,
    users      bytea       NOT NULL,
    PRIMARY KEY (project_id, unit, event, bucket)
);
-- Series over all events of a project: one range scan instead of one per event name.
CREATE INDEX event_rollups_bucket_idx ON analytics.event_rollups (project_id, unit, bucket);

-- Funnels and retention read (distinct_id, time) of a few event names: covering, so an index-only scan serves them.
DROP INDEX analytics.events_project_event_time_idx;
CREATE INDEX events_project_event_time_idx ON analytics.events (project_id, event, time) INCLUDE (distinct_id);
