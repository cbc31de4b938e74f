-- read-model-service's own tables in schema public. The order views themselves live in one schema per generation
-- (g1, g2, ...), created by the service from db/projection/generation.sql: a rebuild fills a new generation while
-- queries read the current one, then switches (docs/adr/0006-cqrs-read-model-by-cdc.md).

create table projection_generation (
    number      int         primary key check (number > 0),
    state       text        not null check (state in ('BUILDING', 'CURRENT', 'RETIRED')),
    created_at  timestamptz not null default now(),
    switched_at timestamptz
);
-- At most one generation answers queries.
create unique index projection_generation_one_current on projection_generation (state) where state = 'CURRENT';

-- Debezium offsets of the CDC engines (infra/messaging's JdbcOffsetBackingStore reads and writes this table; owner =
-- engine name, one per source and generation). The projection does not rely on them for exactly-once: it keeps its
-- own positions with the views (source_position); these only tell Debezium where to resume.
create table relay_offset (
    owner        text        not null,
    offset_key   bytea       not null,
    offset_value bytea,
    updated_at   timestamptz not null default now(),
    primary key (owner, offset_key)
);
