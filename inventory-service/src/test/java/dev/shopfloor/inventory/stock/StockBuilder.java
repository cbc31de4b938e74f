package dev.shopfloor.inventory.stock;

import dev.shopfloor.inventory.catalog.Sku;

/** Test data: {@code aStock("SKU-1").onHand(10).reserved(2).build()}. */
public final class StockBuilder {

    private final Sku sku;
    private int onHand;
    private int reserved;

    private StockBuilder(String sku) {
        this.sku = Sku.of(sku);
    }

    public static StockBuilder aStock(String sku) {
        return new StockBuilder(sku);
    }

    public StockBuilder onHand(int units) {
        this.onHand = units;
        return this;
    }

    public StockBuilder reserved(int units) {
        this.reserved = units;
        return this;
    }

    public Stock build() {
        return new Stock(sku, onHand, reserved);
    }
}
