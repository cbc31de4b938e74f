package dev.shopfloor.saga.createorder;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a saga's step log: a message the saga received or sent, so a person can follow an order's saga
 * ({@code GET /api/orders/{orderId}/saga}).
 *
 * @param step the state the saga was in when it received the message (or its deadline passed, or an operator retried
 *     it), or the state it entered by sending it
 * @param direction whether the saga received or sent the message, or what else happened
 * @param messageType the message's type, e.g. {@code inventory.ReserveStock.v1}; for the two lines that are no
 *     message, {@value #DEADLINE_PASSED} and {@value #RETRY_REQUESTED}
 * @param at when the saga handled the message (UTC)
 */
public record SagaStep(SagaState step, Direction direction, String messageType, Instant at) {

    /** The message column of a {@link Direction#TIMED_OUT} line: the step's deadline passed. */
    public static final String DEADLINE_PASSED = "saga.DeadlinePassed";

    /** The message column of an {@link Direction#OPERATOR} line: an operator retried the parked saga. */
    public static final String RETRY_REQUESTED = "saga.RetryRequested";

    public SagaStep {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(at, "at");
    }

    /** Which way a logged message went. */
    public enum Direction {
        SENT,
        RECEIVED,
        /** The step's deadline passed (no message arrived); the lines after it say what the saga did about it. */
        TIMED_OUT,
        /** An operator retried the parked saga. */
        OPERATOR
    }
}
