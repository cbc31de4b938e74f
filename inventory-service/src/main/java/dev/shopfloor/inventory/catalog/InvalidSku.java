package dev.shopfloor.inventory.catalog;

/** A SKU that does not match {@link Sku#PATTERN}; the web answers {@code 400}. */
public class InvalidSku extends RuntimeException {

    private final String value;

    public InvalidSku(String value) {
        super("SKU '" + value + "' does not match " + Sku.PATTERN);
        this.value = value;
    }

    /** The rejected value, as given (may be {@code null}). */
    public String value() {
        return value;
    }
}
