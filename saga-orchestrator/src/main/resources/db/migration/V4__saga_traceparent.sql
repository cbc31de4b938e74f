-- Tracing (issue 7, docs/adr/0010): the W3C traceparent of the work that started the saga (the handling of
-- OrderCreated), so work the saga does later on its own - a deadline passing - continues the order's trace instead
-- of starting a new one. Null for sagas started without a span, and for those in flight when this migration ran.
alter table saga_instance add column traceparent text;
