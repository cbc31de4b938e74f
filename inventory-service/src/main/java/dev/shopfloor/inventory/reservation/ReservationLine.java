package dev.shopfloor.inventory.reservation;

import dev.shopfloor.inventory.catalog.Sku;

/**
 * Units of one product reserved (or asked for) for an order.
 *
 * @param sku the product
 * @param quantity units, at least 1
 * @throws InvalidCommand when {@code sku} is missing or {@code quantity < 1}
 */
public record ReservationLine(Sku sku, int quantity) {

    public ReservationLine {
        if (sku == null) {
            throw new InvalidCommand("a line needs a SKU");
        }
        if (quantity < 1) {
            throw new InvalidCommand("quantity of " + sku + " must be at least 1, was " + quantity);
        }
    }
}
