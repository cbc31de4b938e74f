package dev.shopfloor.inventory.reservation;

import dev.shopfloor.inventory.catalog.Sku;

/**
 * A line of an order that cannot be reserved.
 *
 * @param sku the product
 * @param requested units the order asked for
 * @param available units that were available; {@code 0} for a SKU the catalog does not know
 */
public record Shortage(Sku sku, int requested, int available) {}
