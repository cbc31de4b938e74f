-- Saga metrics (issue 7): when the saga entered its current state, so a step's duration (step_started_at -> the
-- transition that ends it) is measured from stored time and survives an orchestrator restart mid-step.
alter table saga_instance add column step_started_at timestamptz;
-- Sagas in flight when this migration runs: their last write is the best estimate of when their step began.
update saga_instance set step_started_at = updated_at;
alter table saga_instance alter column step_started_at set not null;

