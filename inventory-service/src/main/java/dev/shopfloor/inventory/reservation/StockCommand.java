package dev.shopfloor.inventory.reservation;

import dev.shopfloor.inventory.catalog.Sku;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A command the saga sends to inventory about one order's stock (messages {@code inventory.ReserveStock.v1},
 * {@code inventory.ReleaseStock.v1}, {@code inventory.CommitStock.v1}).
 */
public sealed interface StockCommand {

    /** The order the command is about. */
    OrderId orderId();

    /**
     * Reserve every line of the order, or none.
     *
     * @param lines one line per SKU, sorted by SKU: lines naming the same SKU twice are added up
     * @throws InvalidCommand when there are no lines
     */
    record ReserveStock(OrderId orderId, List<ReservationLine> lines) implements StockCommand {

        public ReserveStock {
            Objects.requireNonNull(orderId, "orderId");
            if (lines == null || lines.isEmpty()) {
                throw new InvalidCommand("ReserveStock for order " + orderId + " has no lines");
            }
            Map<Sku, Integer> merged = new TreeMap<>();
            for (ReservationLine line : lines) {
                merged.merge(line.sku(), line.quantity(), Math::addExact);
            }
            List<ReservationLine> sorted = new ArrayList<>();
            merged.forEach((sku, quantity) -> sorted.add(new ReservationLine(sku, quantity)));
            lines = List.copyOf(sorted);
        }
    }

    /** Give the order's reserved stock back (compensation). */
    record ReleaseStock(OrderId orderId) implements StockCommand {

        public ReleaseStock {
            Objects.requireNonNull(orderId, "orderId");
        }
    }

    /** Hand the order's reserved stock over to it: the units leave the stock on hand. */
    record CommitStock(OrderId orderId) implements StockCommand {

        public CommitStock {
            Objects.requireNonNull(orderId, "orderId");
        }
    }
}
