package dev.shopfloor.saga.createorder;

/**
 * One line of the order as the saga needs it to reserve stock.
 *
 * @param sku the product's stock-keeping unit, non-blank
 * @param quantity units ordered, at least 1
 * @throws IllegalArgumentException on a blank SKU or a quantity below 1
 */
public record OrderLine(String sku, int quantity) {

    public OrderLine {
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity + " for " + sku);
        }
    }
}
