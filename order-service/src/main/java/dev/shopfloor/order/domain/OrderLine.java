package dev.shopfloor.order.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One line of an order: a product, how many of it, and its unit price as snapshotted from the catalog when the
 * order was placed (later price changes do not touch placed orders).
 *
 * @param sku the product's stock-keeping unit, see {@link #SKU}
 * @param quantity one or more units
 * @param unitPrice the price of one unit
 * @throws IllegalArgumentException when the sku has the wrong shape or the quantity is below one
 */
public record OrderLine(String sku, int quantity, Money unitPrice) {

    /**
     * Shape of a sku, as the message contracts define it ({@code common.schema.json#/$defs/Sku}): 2 to 40 upper-case
     * letters, digits and {@code -}, not starting with {@code -} (so a sku is always a safe URL path segment).
     */
    public static final Pattern SKU = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,39}");

    public OrderLine {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (!SKU.matcher(sku).matches()) {
            throw new IllegalArgumentException("invalid sku: " + sku);
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
    }

    /** {@code quantity × unitPrice}. */
    public Money total() {
        return unitPrice.times(quantity);
    }
}
