package dev.shopfloor.order.domain;

import java.util.List;

/** Thrown when a request to place an order breaks the rules of {@link PlaceOrder}; lists every violation found. */
public class InvalidOrder extends RuntimeException {

    private final List<Violation> violations;

    public InvalidOrder(List<Violation> violations) {
        super("invalid order: " + violations);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
