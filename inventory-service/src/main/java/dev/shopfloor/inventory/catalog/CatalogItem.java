package dev.shopfloor.inventory.catalog;

/**
 * A product as the catalog shows it: the product and how many units can still be ordered.
 *
 * @param product the product
 * @param available units on hand minus units reserved for orders, never negative
 */
public record CatalogItem(Product product, int available) {}
