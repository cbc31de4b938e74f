-- Saga reliability (ADR 0005): the commands each step still waits for, how often the step resent them after its
-- deadline, and the two parked states in which a saga waits for an operator.

alter table saga_instance drop constraint saga_instance_state_check;
alter table saga_instance add constraint saga_instance_state_check
    check (state in ('STARTED', 'RESERVING_STOCK', 'AUTHORIZING_PAYMENT', 'APPROVING_ORDER', 'COMPLETED',
                     'RELEASING_STOCK', 'REJECTING_ORDER', 'COMPENSATED', 'COMPENSATION_FAILED', 'APPROVAL_FAILED'));

-- The kinds of command sent in the current step whose replies have not arrived (SagaCommand.Kind names).
alter table saga_instance add column awaiting text[] not null default '{}';
-- How often the current step resent its unanswered commands after its deadline.
alter table saga_instance add column retries integer not null default 0 check (retries >= 0);
-- The step a parked saga was parked in; set exactly when the saga is parked.
alter table saga_instance add column parked_in text check (parked_in in ('APPROVING_ORDER', 'RELEASING_STOCK',
                                                                       'REJECTING_ORDER'));
alter table saga_instance add constraint saga_instance_parked_in_iff_parked
    check ((state in ('COMPENSATION_FAILED', 'APPROVAL_FAILED')) = (parked_in is not null));

-- Sagas in flight when this migration runs wait for what the step waited for before it.
update saga_instance set awaiting = case state
        when 'RESERVING_STOCK' then '{RESERVE_STOCK}'::text[]
        when 'AUTHORIZING_PAYMENT' then '{AUTHORIZE_PAYMENT}'::text[]
        when 'APPROVING_ORDER' then '{APPROVE_ORDER}'::text[]
        when 'RELEASING_STOCK' then '{RELEASE_STOCK}'::text[]
        when 'REJECTING_ORDER' then '{REJECT_ORDER}'::text[]
        else '{}'::text[]
    end;

-- For the operator's list of parked sagas.
create index saga_instance_parked on saga_instance (state, updated_at) where parked_in is not null;

-- The step log also records deadlines that passed and operators' retries.
alter table saga_step drop constraint saga_step_direction_check;
alter table saga_step add constraint saga_step_direction_check
    check (direction in ('SENT', 'RECEIVED', 'TIMED_OUT', 'OPERATOR'));
