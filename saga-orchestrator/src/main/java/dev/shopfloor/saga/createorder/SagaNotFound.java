package dev.shopfloor.saga.createorder;

/**
 * No saga exists for the order the caller asked about (or the order id is not a valid id), or no saga has the id an
 * operator gave. Answered with {@code 404}.
 */
public class SagaNotFound extends RuntimeException {

    private final String orderId;
    private final String sagaId;

    /**
     * @param orderId the order id as the caller wrote it
     */
    public SagaNotFound(String orderId) {
        this("No saga exists for order " + orderId + ".", orderId, null);
    }

    private SagaNotFound(String message, String orderId, String sagaId) {
        super(message);
        this.orderId = orderId;
        this.sagaId = sagaId;
    }

    /** No saga has this id. */
    public static SagaNotFound withId(SagaId sagaId) {
        return new SagaNotFound("No saga has id " + sagaId + ".", null, sagaId.toString());
    }

    /** The order id as the caller wrote it; {@code null} when the caller named a saga id. */
    public String orderId() {
        return orderId;
    }

    /** The saga id the caller named; {@code null} when the caller named an order. */
    public String sagaId() {
        return sagaId;
    }
}
