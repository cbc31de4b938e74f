package dev.shopfloor.order.domain;

/**
 * Thrown when an order is asked to move to a state it cannot reach from where it is, e.g. approving a rejected
 * order. The order is left unchanged.
 */
public class IllegalOrderTransition extends RuntimeException {

    private final OrderId orderId;
    private final OrderStatus from;
    private final OrderStatus to;

    public IllegalOrderTransition(OrderId orderId, OrderStatus from, OrderStatus to) {
        super("order " + orderId + " cannot go from " + from + " to " + to);
        this.orderId = orderId;
        this.from = from;
        this.to = to;
    }

    public OrderId orderId() {
        return orderId;
    }

    public OrderStatus from() {
        return from;
    }

    public OrderStatus to() {
        return to;
    }
}
