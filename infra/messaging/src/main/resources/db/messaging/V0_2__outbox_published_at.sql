-- When Kafka acknowledged each outbox row's record: set by the outbox relay per acknowledged batch. Rows with none are
-- committed but not yet published; the gauge shopfloor.outbox.waiting counts them through the partial index below.
-- The publication carries inserts only, so this update never reaches Kafka.
--
-- Rows written before this migration get its time: whether they were published was not recorded. A constant default
-- fills them without rewriting the table; new rows start with none.
alter table outbox add column published_at timestamptz default now();
alter table outbox alter column published_at drop default;
create index outbox_unpublished on outbox (occurred_at) where published_at is null;
