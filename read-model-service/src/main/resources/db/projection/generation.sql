-- One generation of the order views. ${schema} is replaced by the generation's schema (g1, g2, ...).
create schema ${schema};

-- One row per order seen in any source. The order's own columns (customer_id ... updated_at) are null until the
-- orders row arrived: queries show only rows with customer_id set. Money is exact (numeric(19,2)), times are
-- timestamptz (instants, no zone).
create table ${schema}.order_view (
    order_id               bigint        primary key,
    customer_id            text,
    status                 text,
    rejection_reason       text,
    total_amount           numeric(19,2),
    currency               char(3),
    created_at             timestamptz,
    updated_at             timestamptz,
    payment_status         text,
    payment_decline_reason text,
    payment_amount         numeric(19,2),
    payment_currency       char(3),
    payment_updated_at     timestamptz,
    reservation_status     text
);
create index order_view_newest on ${schema}.order_view (created_at desc, order_id desc) where customer_id is not null;
create index order_view_customer on ${schema}.order_view (customer_id, created_at desc, order_id desc);

create table ${schema}.order_view_item (
    order_id   bigint        not null references ${schema}.order_view (order_id) on delete cascade,
    line_no    int           not null,
    sku        text          not null,
    quantity   int           not null,
    unit_price numeric(19,2) not null,
    currency   char(3)       not null,
    primary key (order_id, line_no)
);

create table ${schema}.order_view_reservation (
    order_id   bigint      not null references ${schema}.order_view (order_id) on delete cascade,
    sku        text        not null,
    quantity   int         not null,
    status     text        not null,
    updated_at timestamptz,
    primary key (order_id, sku)
);

-- The last streamed position applied per source, written in the same transaction as the views it produced.
create table ${schema}.source_position (
    source            text        primary key,
    commit_lsn        bigint      not null,
    lsn               bigint      not null,
    updated_at        timestamptz not null default now()
);
