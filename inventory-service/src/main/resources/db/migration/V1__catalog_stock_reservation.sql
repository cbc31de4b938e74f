-- Inventory's own tables. The messaging tables (outbox, inbox, relay_offset) come from infra/messaging (V0_1).

-- The product catalog. Prices are in the platform currency, at most two decimals.
create table product (
    sku            text          primary key check (sku ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
    name           text          not null check (char_length(name) between 1 and 200),
    price_amount   numeric(19,2) not null check (price_amount > 0),
    price_currency char(3)       not null,
    created_at     timestamptz   not null default now(),
    updated_at     timestamptz   not null default now()
);

-- One stock row per product. The CHECK is the last line of defence against oversell: whatever the code does,
-- no transaction can commit more reserved units than are on hand, nor a negative stock.
create table stock (
    sku      text    primary key references product (sku),
    on_hand  integer not null default 0,
    reserved integer not null default 0,
    constraint stock_balance check (on_hand >= 0 and reserved >= 0 and reserved <= on_hand)
);

-- Stock held for an order, one row per order line; all lines of an order move from RESERVED to RELEASED or
-- COMMITTED together. The primary key makes a second reservation of one order impossible.
create table reservation (
    order_id   bigint      not null,
    sku        text        not null references stock (sku),
    quantity   integer     not null check (quantity > 0),
    status     text        not null check (status in ('RESERVED', 'RELEASED', 'COMMITTED')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (order_id, sku)
);

-- The shortages an order was refused with, so that a repeated ReserveStock for the order gets the same answer
-- instead of reserving stock that arrived in the meantime for an order the saga has already rejected.
-- No foreign key: a shortage may name a SKU the catalog does not know.
create table reservation_refusal (
    order_id   bigint      not null,
    sku        text        not null,
    requested  integer     not null check (requested > 0),
    available  integer     not null check (available >= 0),
    refused_at timestamptz not null default now(),
    primary key (order_id, sku)
);
