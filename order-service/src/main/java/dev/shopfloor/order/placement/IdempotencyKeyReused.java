package dev.shopfloor.order.placement;

import dev.shopfloor.order.domain.OrderId;

/** Thrown when an {@code Idempotency-Key} comes back with a different request than the one that first used it. */
public class IdempotencyKeyReused extends RuntimeException {

    private final String key;
    private final OrderId orderId;

    public IdempotencyKeyReused(String key, OrderId orderId) {
        super("Idempotency-Key " + key + " was already used for another request (order " + orderId + ")");
        this.key = key;
        this.orderId = orderId;
    }

    public String key() {
        return key;
    }

    /** The order the key produced the first time. */
    public OrderId orderId() {
        return orderId;
    }
}
