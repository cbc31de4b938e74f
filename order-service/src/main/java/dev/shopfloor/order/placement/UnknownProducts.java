package dev.shopfloor.order.placement;

import java.util.List;

/** Thrown when an order names skus that the catalog does not know; nothing was stored. */
public class UnknownProducts extends RuntimeException {

    private final List<String> skus;

    public UnknownProducts(List<String> skus) {
        super("unknown skus: " + String.join(", ", skus));
        this.skus = List.copyOf(skus);
    }

    /** The unknown skus, in request order. */
    public List<String> skus() {
        return skus;
    }
}
