package dev.shopfloor.inventory.reservation;

import dev.shopfloor.inventory.catalog.Sku;
import java.util.ArrayList;
import java.util.List;

/** Test data: {@code aReserveStock().forOrder(7).withLine("SKU-1", 2).build()}. */
public final class ReserveStockBuilder {

    private long orderId = 1;
    private final List<ReservationLine> lines = new ArrayList<>();

    private ReserveStockBuilder() {}

    public static ReserveStockBuilder aReserveStock() {
        return new ReserveStockBuilder();
    }

    public ReserveStockBuilder forOrder(long orderId) {
        this.orderId = orderId;
        return this;
    }

    public ReserveStockBuilder withLine(String sku, int quantity) {
        lines.add(new ReservationLine(Sku.of(sku), quantity));
        return this;
    }

    public StockCommand.ReserveStock build() {
        return new StockCommand.ReserveStock(new OrderId(orderId), lines);
    }
}
