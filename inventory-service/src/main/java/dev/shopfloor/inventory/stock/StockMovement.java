package dev.shopfloor.inventory.stock;

import dev.shopfloor.inventory.catalog.Sku;
import java.util.Objects;

/**
 * One entry of the stock movement log (table {@code stock_movement}): a change of one product's stock row, in units.
 * Every change of {@code on_hand} or {@code reserved} is written with its movement, in the same transaction
 * ({@link Stocks#save}), and the log is append-only. So, for every SKU, the log adds up to the stock row:
 *
 * <pre>
 * onHand   = received - committed
 * reserved = reserved - released - committed
 * </pre>
 *
 * <p>Reservations and releases change only {@code reserved}; they are logged too, so that {@code reserved} can be
 * audited like {@code onHand}, and every order line's way through the stock can be read back (reserved, then released
 * or committed, each at most once).
 *
 * @throws IllegalStockChange from the constructors when {@code quantity < 1}
 * @throws IllegalArgumentException from the constructors when an order id is not positive
 */
public sealed interface StockMovement {

    /** The product whose stock moved. */
    Sku sku();

    /** Units moved, at least 1. */
    int quantity();

    /** How {@code onHand} changes with this movement, in units. */
    default int onHandChange() {
        return switch (this) {
            case Received received -> received.quantity();
            case Reserved reserved -> 0;
            case Released released -> 0;
            case Committed committed -> -committed.quantity();
        };
    }

    /** How {@code reserved} changes with this movement, in units. */
    default int reservedChange() {
        return switch (this) {
            case Received received -> 0;
            case Reserved reserved -> reserved.quantity();
            case Released released -> -released.quantity();
            case Committed committed -> -committed.quantity();
        };
    }

    /** Units that arrived ({@code POST /api/products/{sku}/stock}): on hand rises. */
    record Received(Sku sku, int quantity) implements StockMovement {

        public Received {
            check(sku, quantity);
        }
    }

    /** Units promised to an order: reserved rises. {@code orderId} is the order's positive Snowflake id. */
    record Reserved(Sku sku, int quantity, long orderId) implements StockMovement {

        public Reserved {
            check(sku, quantity, orderId);
        }
    }

    /** Units an order gave back (the saga compensated): reserved drops. */
    record Released(Sku sku, int quantity, long orderId) implements StockMovement {

        public Released {
            check(sku, quantity, orderId);
        }
    }

    /** Reserved units handed over to their approved order: on hand and reserved both drop. */
    record Committed(Sku sku, int quantity, long orderId) implements StockMovement {

        public Committed {
            check(sku, quantity, orderId);
        }
    }

    private static void check(Sku sku, int quantity) {
        Objects.requireNonNull(sku, "sku");
        if (quantity < 1) {
            throw new IllegalStockChange(sku, "quantity must be at least 1, was " + quantity);
        }
    }

    private static void check(Sku sku, int quantity, long orderId) {
        check(sku, quantity);
        if (orderId <= 0) {
            throw new IllegalArgumentException("order id must be positive, was " + orderId);
        }
    }
}
