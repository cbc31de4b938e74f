-- One row per create-order saga (DESIGN.md §4). Written only with an optimistic version check:
-- update ... where saga_id = :id and version = :expected, failing when no row matches.
create table saga_instance (
    saga_id          uuid          primary key,
    order_id         bigint        not null unique,
    customer_id      text          not null,
    state            text          not null check (state in ('STARTED', 'RESERVING_STOCK', 'AUTHORIZING_PAYMENT',
                                                             'APPROVING_ORDER', 'COMPLETED', 'RELEASING_STOCK',
                                                             'REJECTING_ORDER', 'COMPENSATED')),
    rejection_reason text          check (rejection_reason in ('OUT_OF_STOCK', 'PAYMENT_DECLINED', 'TIMEOUT')),
    total_amount     numeric(19,2) not null check (total_amount >= 0),
    total_currency   char(3)       not null,
    -- the order's lines as the saga reserves them: [{"sku": "...", "quantity": 2}, ...]
    items            jsonb         not null,
    version          bigint        not null,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null,
    -- when the current step times out; null in a final state
    deadline_at      timestamptz
);

-- For the deadline sweeper: the sagas whose current step is overdue.
create index saga_instance_deadline_at on saga_instance (deadline_at) where deadline_at is not null;

-- The step log: every message a saga received or sent, in order.
create table saga_step (
    saga_id      uuid        not null references saga_instance (saga_id),
    seq          integer     not null,
    step         text        not null,
    direction    text        not null check (direction in ('SENT', 'RECEIVED')),
    message_type text        not null,
    at           timestamptz not null,
    primary key (saga_id, seq)
);
