package dev.shopfloor.inventory.stock;

import dev.shopfloor.inventory.catalog.Sku;

/**
 * A change that would break the stock's invariant: a quantity below 1, more units released or committed than are
 * reserved, or an overflow. The web answers {@code 422}.
 */
public class IllegalStockChange extends RuntimeException {

    private final Sku sku;

    public IllegalStockChange(Sku sku, String detail) {
        super(sku + ": " + detail);
        this.sku = sku;
    }

    public Sku sku() {
        return sku;
    }
}
