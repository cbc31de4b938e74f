package dev.shopfloor.inventory.catalog;

/** No product with this SKU is in the catalog; the web answers {@code 404}. */
public class ProductNotFound extends RuntimeException {

    private final Sku sku;

    public ProductNotFound(Sku sku) {
        super("no product with SKU " + sku);
        this.sku = sku;
    }

    public Sku sku() {
        return sku;
    }
}
