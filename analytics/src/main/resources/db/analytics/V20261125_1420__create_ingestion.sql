CREATE TABLE analytics.projects (
    id          uuid PRIMARY KEY,
    owner_id    uuid        NOT NULL,
    name        text        NOT NULL,
    token       text        NOT NULL UNIQUE,
    secret_hash text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL
);
CREATE INDEX projects_owner_idx ON analytics.projects (owner_id);

-- Day partitions are created ahead by the writer (EventWriter); DEFAULT keeps old imports.
CREATE TABLE analytics.events (
    id          bigserial,
    project_id  uuid        NOT NULL,
    event       text        NOT NULL,
    distinct_id text,
    time        timestamptz NOT NULL,
    insert_id   text        NOT NULL,
    properties  jsonb       NOT NULL,
    received_at timestamptz NOT NULL
) PARTITION BY RANGE (time);
CREATE TABLE analytics.events_default PARTITION OF analytics.events DEFAULT;
-- The event identity of spec §1; an anonymous event (NULL distinct_id) is still deduplicated.
CREATE UNIQUE INDEX events_identity_idx ON analytics.events (project_id, event, distinct_id, time, insert_id)
    NULLS NOT DISTINCT;
CREATE INDEX events_project_event_time_idx ON analytics.events (project_id, event, time);
CREATE INDEX events_project_id_idx ON analytics.events (project_id, id);

CREATE TABLE analytics.profiles (
    project_id  uuid        NOT NULL,
    distinct_id text        NOT NULL,
    properties  jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (project_id, distinct_id)
);

-- One row per process run: counters as of the last heartbeat, so a run that never stopped cleanly shows its gap.
CREATE TABLE analytics.ingest_runs (
    id           uuid PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    stopped_at   timestamptz,
    accepted     bigint      NOT NULL DEFAULT 0,
    written      bigint      NOT NULL DEFAULT 0,
    duplicates   bigint      NOT NULL DEFAULT 0,
    dropped      bigint      NOT NULL DEFAULT 0,
    lost_counted boolean     NOT NULL DEFAULT false
);
