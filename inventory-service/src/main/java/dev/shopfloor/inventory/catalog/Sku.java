package dev.shopfloor.inventory.catalog;

import java.util.regex.Pattern;

/**
 * A stock-keeping unit: the product's identity across the platform.
 *
 * @param value 2 to 40 characters, upper-case letters, digits and hyphens, not starting with a hyphen ({@link
 *     #PATTERN})
 * @throws InvalidSku when the value does not have that shape
 */
public record Sku(String value) implements Comparable<Sku> {

    /** The shape every SKU has. */
    public static final String PATTERN = "^[A-Z0-9][A-Z0-9-]{1,39}$";

    private static final Pattern SHAPE = Pattern.compile(PATTERN);

    public Sku {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidSku(value);
        }
    }

    /** Shorthand for {@code new Sku(value)}. */
    public static Sku of(String value) {
        return new Sku(value);
    }

    @Override
    public int compareTo(Sku other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
