-- Several pods of read-model-service share this database (docs/adr/0011-one-projector-many-readers.md): one of them,
-- the leader, runs the CDC engines and rebuilds; every pod answers queries. So what a rebuild is doing lives here, not
-- in a pod's memory: any pod records a rebuild request (a BUILDING generation), the leader builds it and switches, and
-- the others read which generation is CURRENT from this table.

alter table projection_generation drop constraint projection_generation_state_check;
alter table projection_generation
    add constraint projection_generation_state_check check (state in ('BUILDING', 'CURRENT', 'RETIRED', 'FAILED'));
-- when a rebuild switched to this generation or gave up on it
alter table projection_generation add column finished_at timestamptz;
-- why a rebuild gave up
alter table projection_generation add column error text;
-- The fencing token of the leader building this generation: set when a leader takes the build up, checked by the
-- switch, so a leader that lost its lease (and did not notice yet) cannot switch to a generation another one rebuilds.
alter table projection_generation add column builder uuid;
-- At most one rebuild at a time.
create unique index projection_generation_one_building on projection_generation (state) where state = 'BUILDING';

-- Spring Integration's JDBC lock table (the columns of its schema-postgresql.sql): the projector leader's lease, one
-- row while some pod leads. client_id is text here (char(36) there) so that it holds the pod's name, pid@host.
create table int_lock (
    lock_key      char(36)     not null,
    region        varchar(100) not null,
    client_id     text,
    created_date  timestamp    not null,
    expired_after timestamp    not null,
    constraint int_lock_pk primary key (lock_key, region)
);
