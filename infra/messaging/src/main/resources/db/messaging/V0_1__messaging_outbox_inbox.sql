-- Messaging tables every service has (infra/messaging). Kept in this library so all services agree on them.

-- Transactional outbox: rows are written in the same transaction as the state change they announce, and
-- published by the outbox relay (Debezium reads them from the WAL). Rows are not deleted on publish; see
-- the publication below.
create table outbox (
    id             uuid        primary key,
    topic          text        not null,
    message_key    text        not null,
    message_type   text        not null,
    saga_id        text,
    correlation_id text        not null,
    occurred_at    timestamptz not null,
    traceparent    text,
    payload        jsonb       not null
);
create index outbox_occurred_at on outbox (occurred_at);

-- The relay's publication carries inserts only: purging old outbox rows never reaches Kafka.
create publication shopfloor_outbox for table outbox with (publish = 'insert');

-- Inbox of the idempotent consumer: one row per message id processed, written with the message's effect.
create table inbox (
    message_id   uuid        primary key,
    message_type text        not null,
    received_at  timestamptz not null default now()
);

-- Debezium offsets of the outbox relay (source positions), so they survive the process and its pod.
create table relay_offset (
    owner        text        not null,
    offset_key   bytea       not null,
    offset_value bytea,
    updated_at   timestamptz not null default now(),
    primary key (owner, offset_key)
);
