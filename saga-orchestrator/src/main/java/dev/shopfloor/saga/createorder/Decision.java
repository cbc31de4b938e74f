package dev.shopfloor.saga.createorder;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link CreateOrderSaga} decided when an event arrived: the saga as it is now, and the commands to send.
 * The caller persists the saga, logs the step and appends the commands to the outbox, all in one transaction.
 *
 * @param saga the saga after the event (the same state as before unless {@code outcome} is {@link Outcome#MOVED})
 * @param from the state the saga was in when the event arrived
 * @param outcome whether the event moved the saga, was only noted, or was ignored
 * @param commands the commands to send, in order; empty when there are none
 */
public record Decision(CreateOrderSaga saga, SagaState from, Outcome outcome, List<SagaCommand> commands) {

    public Decision {
        Objects.requireNonNull(saga, "saga");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(outcome, "outcome");
        commands = List.copyOf(commands);
    }

    /** How an event affected the saga. */
    public enum Outcome {
        /** The event was the reply the current step waited for: the saga moved to its next state. */
        MOVED,
        /** The event belongs in the step log but does not move the saga (it may still cause a command). */
        NOTED,
        /** The event does not fit the saga's state (a duplicate or late reply): nothing changes, nothing is sent. */
        IGNORED
    }

    /** The state the saga is in now. */
    public SagaState state() {
        return saga.state();
    }

    /** Whether anything must be written: the saga, its step log, or commands. */
    public boolean changesSaga() {
        return outcome != Outcome.IGNORED;
    }
}
