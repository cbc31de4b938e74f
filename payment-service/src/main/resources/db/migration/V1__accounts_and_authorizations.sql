-- Payment service tables. Messaging tables (outbox, inbox, relay_offset) come from infra/messaging (V0_1).

-- A customer's credit account. Balances are kept in the account's currency; the CHECKs are the last line of
-- defence behind the domain model: no negative balance, never more committed than the limit.
create table account (
    customer_id  text          primary key check (length(customer_id) between 1 and 64),
    currency     char(3)       not null,
    credit_limit numeric(19,2) not null check (credit_limit >= 0),
    reserved     numeric(19,2) not null default 0 check (reserved >= 0),
    used         numeric(19,2) not null default 0 check (used >= 0),
    created_at   timestamptz   not null default now(),
    updated_at   timestamptz   not null default now(),
    constraint account_within_credit_limit check (reserved + used <= credit_limit)
);

-- One row per order whose payment was asked for: the decision (AUTHORIZED or DECLINED with a reason) and what
-- became of it (VOIDED, CAPTURED). No foreign key to account: NO_ACCOUNT declines name customers without one.
create table payment_authorization (
    order_id       bigint        primary key check (order_id > 0),
    customer_id    text          not null,
    amount         numeric(19,2) not null check (amount >= 0),
    currency       char(3)       not null,
    status         text          not null check (status in ('AUTHORIZED', 'DECLINED', 'VOIDED', 'CAPTURED')),
    decline_reason text          check (decline_reason in ('NO_ACCOUNT', 'INSUFFICIENT_CREDIT')),
    created_at     timestamptz   not null default now(),
    updated_at     timestamptz   not null default now(),
    constraint payment_authorization_reason_iff_declined check ((status = 'DECLINED') = (decline_reason is not null))
);
create index payment_authorization_customer on payment_authorization (customer_id);
