package dev.shopfloor.order.placement.inventory;

import java.time.Duration;

/**
 * inventory-service could not be asked for prices: no connection, no answer within the read timeout, a 5xx, a 4xx
 * other than 404, an answer that makes no sense, or the circuit breaker {@code inventory} is open and the call was
 * not even tried. Nothing was stored; the client may retry after {@link #retryAfter()}.
 */
public class InventoryUnavailable extends RuntimeException {

    private final Duration retryAfter;

    /** @param retryAfter how long a client should wait before it tries again; positive */
    public InventoryUnavailable(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** @param retryAfter how long a client should wait before it tries again; positive */
    public InventoryUnavailable(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long a client should wait before it tries again (sent as {@code Retry-After}, in whole seconds). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
