package dev.shopfloor.readmodel.web;

/** No order with this id in the read model: unknown, or not received from order-service's database yet. */
public class OrderNotFound extends RuntimeException {

    private final String orderId;

    public OrderNotFound(String orderId) {
        super("There is no order " + orderId);
        this.orderId = orderId;
    }

    public String orderId() {
        return orderId;
    }
}
