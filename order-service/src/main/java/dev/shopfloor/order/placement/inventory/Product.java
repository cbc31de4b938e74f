package dev.shopfloor.order.placement.inventory;

import dev.shopfloor.order.domain.Money;

/**
 * What order placement needs to know of a product in the catalog.
 *
 * @param sku the product's sku
 * @param price its current unit price
 */
public record Product(String sku, Money price) {}
