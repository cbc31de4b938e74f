package dev.shopfloor.inventory.catalog;

import java.util.Optional;

/** The catalog's products, with their available stock. */
public interface Products {

    /**
     * Inserts the product, or replaces name and price of the product with its SKU; a new product gets an empty
     * stock record.
     *
     * @return {@code true} when the product was new
     */
    boolean upsert(Product product);

    /** The product with this SKU and its available units. */
    Optional<CatalogItem> find(Sku sku);

    /**
     * A page of products sorted by SKU.
     *
     * @param page zero-based page number, {@code >= 0}
     * @param size page size, {@code >= 1}
     */
    Page<CatalogItem> page(int page, int size);
}
