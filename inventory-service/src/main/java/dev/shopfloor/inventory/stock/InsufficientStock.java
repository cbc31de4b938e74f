package dev.shopfloor.inventory.stock;

import dev.shopfloor.inventory.catalog.Sku;

/** Fewer units are available than a reservation asks for. */
public class InsufficientStock extends RuntimeException {

    private final Sku sku;
    private final int requested;
    private final int available;

    public InsufficientStock(Sku sku, int requested, int available) {
        super(sku + ": " + requested + " units requested, " + available + " available");
        this.sku = sku;
        this.requested = requested;
        this.available = available;
    }

    public Sku sku() {
        return sku;
    }

    public int requested() {
        return requested;
    }

    public int available() {
        return available;
    }
}
