package dev.shopfloor.saga.createorder;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a saga's step log: a message the saga received or sent, so a person can follow an order's saga
 * ({@code GET /api/orders/{orderId}/saga}).
 *
 * @param step the state the saga was in when it received the message, or the state it entered by sending it
 * @param direction whether the saga received or sent the message
 * @param messageType the message's type, e.g. {@code inventory.ReserveStock.v1}
 * @param at when the saga handled the message (UTC)
 */
public record SagaStep(SagaState step, Direction direction, String messageType, Instant at) {

    public SagaStep {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(at, "at");
    }

    /** Which way a logged message went. */
    public enum Direction {
        SENT,
        RECEIVED
    }
}
