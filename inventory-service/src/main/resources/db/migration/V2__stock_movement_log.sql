-- The stock movement log: one row per change of a stock row, written in the same transaction as the change
-- (JdbcStocks.save), never updated nor deleted. For every SKU the log adds up to its stock row:
--     on_hand  = OPENING + RECEIVED - COMMITTED
--     reserved = RESERVED - RELEASED - COMMITTED
-- which is what `./platform audit` checks. Reservations and releases change only `reserved`; they are logged too, so
-- that `reserved` can be audited as well and each order line's way through the stock can be read back.
--
-- Kinds: RECEIVED   units arrived (POST /api/products/{sku}/stock), on_hand rises
--        RESERVED   units promised to an order, reserved rises
--        RELEASED   an order gave its units back (saga compensation), reserved drops
--        COMMITTED  reserved units left with their approved order, on_hand and reserved drop
--        OPENING    what was on hand before the log began (this migration, on a database that held stock already);
--                   the service never writes it
create table stock_movement (
    id          bigint      generated always as identity primary key,
    sku         text        not null references stock (sku),
    kind        text        not null check (kind in ('OPENING', 'RECEIVED', 'RESERVED', 'RELEASED', 'COMMITTED')),
    quantity    integer     not null check (quantity > 0),
    order_id    bigint,
    occurred_at timestamptz not null default now(),
    constraint stock_movement_order check ((order_id is null) = (kind in ('OPENING', 'RECEIVED')))
);

-- An order line is reserved, released and committed at most once each: a movement logged twice fails its
-- transaction, and with it the stock change it came with.
create unique index stock_movement_once_per_order_line on stock_movement (order_id, sku, kind) where order_id is not null;

-- Append-only, whoever connects: a movement cannot be changed or taken back, only followed by another.
create function stock_movement_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'stock_movement is append-only: % is not allowed', tg_op;
end
$$;

create trigger stock_movement_no_update_or_delete before update or delete on stock_movement
    for each row execute function stock_movement_append_only();

create trigger stock_movement_no_truncate before truncate on stock_movement
    for each statement execute function stock_movement_append_only();

-- A database that held stock before the log began gets the history it can prove, so its audit balances from the
-- start: the units received until now as one OPENING movement per SKU (on hand plus what committed orders took),
-- then every existing reservation as the movements it went through, at the times the reservation row recorded.
insert into stock_movement (sku, kind, quantity, occurred_at)
select stock.sku, 'OPENING', stock.on_hand + coalesce(committed.units, 0), now()
from stock
left join (select sku, sum(quantity) as units from reservation where status = 'COMMITTED' group by sku) committed
    on committed.sku = stock.sku
where stock.on_hand + coalesce(committed.units, 0) > 0
order by stock.sku;

insert into stock_movement (sku, kind, quantity, order_id, occurred_at)
select sku, 'RESERVED', quantity, order_id, created_at
from reservation
order by created_at, order_id, sku;

insert into stock_movement (sku, kind, quantity, order_id, occurred_at)
select sku, status, quantity, order_id, updated_at
from reservation
where status in ('RELEASED', 'COMMITTED')
order by updated_at, order_id, sku;
