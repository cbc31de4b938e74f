package dev.shopfloor.inventory.catalog;

import dev.shopfloor.inventory.config.InventoryProperties;
import java.util.Currency;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalog feature: put products in the catalog and read them back.
 *
 * <p>Prices must be in the platform currency ({@code shopfloor.inventory.catalog.currency}, EUR by default).
 */
@Service
public class Catalog {

    private final Products products;
    private final Currency currency;

    public Catalog(Products products, InventoryProperties properties) {
        this.products = products;
        this.currency = properties.catalog().currency();
    }

    /** The outcome of {@link #put}: the product as stored and whether it was new. */
    public record Put(CatalogItem item, boolean created) {}

    /**
     * Creates the product or replaces its name and price. A new product starts with no stock.
     *
     * @throws InvalidPrice when the price is not in the platform currency
     */
    @Transactional
    public Put put(Product product) {
        if (!product.price().currency().equals(currency)) {
            throw new InvalidPrice("price must be in " + currency.getCurrencyCode() + ", was "
                    + product.price().currency().getCurrencyCode());
        }
        boolean created = products.upsert(product);
        return new Put(products.find(product.sku()).orElseThrow(), created);
    }

    /** @throws ProductNotFound when no product has this SKU */
    @Transactional(readOnly = true)
    public CatalogItem get(Sku sku) {
        return products.find(sku).orElseThrow(() -> new ProductNotFound(sku));
    }

    /** A page of the catalog, sorted by SKU. */
    @Transactional(readOnly = true)
    public Page<CatalogItem> list(int page, int size) {
        return products.page(page, size);
    }
}
