package dev.shopfloor.inventory.catalog;

import java.util.Objects;

/**
 * A product of the catalog.
 *
 * @param sku its identity
 * @param name shown to customers, 1 to {@value #MAX_NAME_LENGTH} characters, not blank
 * @param price the unit price, greater than zero
 * @throws InvalidProduct when the name is blank or too long
 * @throws InvalidPrice when the price is not greater than zero
 */
public record Product(Sku sku, String name, Money price) {

    /** The longest name a product may have, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    public Product {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(price, "price");
        if (name == null || name.isBlank()) {
            throw new InvalidProduct("name must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidProduct("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (!price.isPositive()) {
            throw new InvalidPrice("price must be greater than zero, was " + price);
        }
    }
}
