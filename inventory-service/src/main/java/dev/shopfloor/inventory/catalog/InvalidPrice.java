package dev.shopfloor.inventory.catalog;

/**
 * A price the catalog does not accept: not positive, more than two decimals, too large, or not in the platform
 * currency. The web answers {@code 422}.
 */
public class InvalidPrice extends RuntimeException {

    public InvalidPrice(String detail) {
        super(detail);
    }
}
