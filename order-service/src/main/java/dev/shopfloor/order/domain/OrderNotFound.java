package dev.shopfloor.order.domain;

/** Thrown when no order has the id asked for (or the id is not an order id at all). */
public class OrderNotFound extends RuntimeException {

    private final String orderId;

    /** @param orderId the id as the caller gave it, which may not even be a number */
    public OrderNotFound(String orderId) {
        super("no order " + orderId);
        this.orderId = orderId;
    }

    public String orderId() {
        return orderId;
    }
}
