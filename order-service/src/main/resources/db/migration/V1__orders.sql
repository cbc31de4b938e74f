-- The order aggregate (order-service's write side). read-model-service reads these tables by logical replication,
-- so renaming a column is a change to a contract.

create table orders (
    id               bigint        primary key,            -- Snowflake id
    customer_id      text          not null,
    status           text          not null check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    rejection_reason text          check (rejection_reason in ('OUT_OF_STOCK', 'PAYMENT_DECLINED', 'TIMEOUT')),
    total_amount     numeric(19,2) not null check (total_amount >= 0),
    currency         char(3)       not null,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null,
    version          bigint        not null,               -- optimistic lock, one more per stored change
    constraint rejection_reason_only_when_rejected check ((status = 'REJECTED') = (rejection_reason is not null))
);
create index orders_customer_id on orders (customer_id);

-- Lines of an order, prices as snapshotted from the catalog at placement.
create table order_item (
    order_id    bigint        not null references orders (id),
    line_no     int           not null,                    -- position in the customer's request, from 0
    sku         text          not null,
    quantity    int           not null check (quantity > 0),
    unit_price  numeric(19,2) not null check (unit_price >= 0),
    currency    char(3)       not null,
    primary key (order_id, line_no),
    unique (order_id, sku)
);

-- Idempotency-Key header of POST /api/orders: the first request with a key wins (primary key), later ones with the
-- same canonical body get the same order back, with another body a 409.
create table idempotency_key (
    key          text        primary key,
    request_hash text        not null,                     -- SHA-256 hex of the canonical request
    order_id     bigint      not null references orders (id) deferrable initially deferred, -- claimed before the order is written
    created_at   timestamptz not null
);
