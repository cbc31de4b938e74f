package dev.shopfloor.saga.createorder;

/**
 * No saga exists for the order the caller asked about (or the order id is not a valid id). Answered with
 * {@code 404}.
 */
public class SagaNotFound extends RuntimeException {

    private final String orderId;

    /**
     * @param orderId the order id as the caller wrote it
     */
    public SagaNotFound(String orderId) {
        super("No saga exists for order " + orderId + ".");
        this.orderId = orderId;
    }

    /** The order id as the caller wrote it. */
    public String orderId() {
        return orderId;
    }
}
