package dev.shopfloor.inventory.reservation;

import java.util.List;
import java.util.Objects;

/**
 * What inventory answers to a {@link StockCommand} (messages {@code inventory.StockReserved.v1},
 * {@code inventory.StockUnavailable.v1}, {@code inventory.StockReleased.v1}, {@code inventory.StockCommitted.v1}).
 */
public sealed interface StockReply {

    /** The order the reply is about. */
    OrderId orderId();

    /** Every line of the order is reserved. */
    record StockReserved(OrderId orderId) implements StockReply {}

    /**
     * Nothing was reserved, because at least one line is short.
     *
     * @param shortages every short line, sorted by SKU; never empty
     */
    record StockUnavailable(OrderId orderId, List<Shortage> shortages) implements StockReply {

        public StockUnavailable {
            Objects.requireNonNull(orderId, "orderId");
            if (shortages == null || shortages.isEmpty()) {
                throw new IllegalArgumentException("StockUnavailable needs at least one shortage");
            }
            shortages = List.copyOf(shortages);
        }
    }

    /** The order holds no reserved stock any more. */
    record StockReleased(OrderId orderId) implements StockReply {}

    /** The order's reserved stock has left the stock on hand. */
    record StockCommitted(OrderId orderId) implements StockReply {}
}
