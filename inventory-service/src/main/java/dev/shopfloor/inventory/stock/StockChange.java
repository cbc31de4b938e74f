package dev.shopfloor.inventory.stock;

import java.util.Objects;

/**
 * A stock row's transition and the movement that caused it: what {@link Stocks#save} writes, both or neither. Made
 * by {@link Stock#apply}.
 *
 * @param before the stock as read (and locked) in this transaction
 * @param after the stock after the movement
 * @param movement the entry for the stock movement log
 * @throws IllegalArgumentException when the three do not belong together: another SKU, or {@code after} is not
 *     {@code before} changed by exactly the movement's units
 */
public record StockChange(Stock before, Stock after, StockMovement movement) {

    public StockChange {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(movement, "movement");
        if (!before.sku().equals(movement.sku()) || !after.sku().equals(movement.sku())) {
            throw new IllegalArgumentException(movement + " does not move the stock of " + before.sku());
        }
        if ((long) after.onHand() - before.onHand() != movement.onHandChange()
                || (long) after.reserved() - before.reserved() != movement.reservedChange()) {
            throw new IllegalArgumentException(movement + " does not take " + before + " to " + after);
        }
    }
}
