package dev.shopfloor.saga.createorder;

/**
 * An operator asked to retry a saga that is not parked: only a saga in {@link SagaState#COMPENSATION_FAILED} or
 * {@link SagaState#APPROVAL_FAILED} can be retried. Answered with {@code 409}.
 */
public class SagaNotParked extends RuntimeException {

    private final SagaId sagaId;
    private final SagaState state;

    public SagaNotParked(SagaId sagaId, SagaState state) {
        super("Saga " + sagaId + " is " + state + ", not parked; only a parked saga can be retried.");
        this.sagaId = sagaId;
        this.state = state;
    }

    public SagaId sagaId() {
        return sagaId;
    }

    public SagaState state() {
        return state;
    }
}
