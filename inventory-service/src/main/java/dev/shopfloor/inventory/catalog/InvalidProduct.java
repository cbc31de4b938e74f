package dev.shopfloor.inventory.catalog;

/** A product that breaks a rule of the catalog other than its price (e.g. a blank or too long name). */
public class InvalidProduct extends RuntimeException {

    public InvalidProduct(String detail) {
        super(detail);
    }
}
