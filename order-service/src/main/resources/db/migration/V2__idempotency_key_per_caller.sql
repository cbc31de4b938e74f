-- An Idempotency-Key is unique per caller, not platform-wide (draft-ietf-httpapi-idempotency-key-header §2: the key is
-- scoped to the client): two callers who happen to pick the same key get their own orders, and neither learns of the
-- other's. The caller is the access token's subject. Keys stored before this migration belong to the empty caller and
-- simply expire.
alter table idempotency_key add column caller text not null default '';
alter table idempotency_key drop constraint idempotency_key_pkey;
alter table idempotency_key add primary key (caller, key);
alter table idempotency_key alter column caller drop default;
