-- A source position is now the transaction's own commit LSN (from Debezium's END record), no longer the commit before
-- it as Debezium's offsets had it: those are stale when the offsets are older than the slot (a new projector leader
-- took over from a paused one), and a transaction was then skipped as already applied. The column says so.
-- A stored position of the old kind is lower than the new position of the same transaction, so the last transaction a
-- generation applied may be applied once more after this upgrade: it writes the same row states again.
do $$
declare
    generation record;
begin
    for generation in
        select 'g' || number as schema_name from projection_generation
    loop
        if exists (select 1 from information_schema.columns
                   where table_schema = generation.schema_name and table_name = 'source_position'
                     and column_name = 'previous_commit_lsn') then
            execute format('alter table %I.source_position rename column previous_commit_lsn to commit_lsn',
                           generation.schema_name);
        end if;
    end loop;
end
$$;
