package dev.shopfloor.inventory.stock;

import dev.shopfloor.inventory.catalog.Sku;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Stock records, one per catalog product. */
public interface Stocks {

    /** The stock of a product, without locking it. */
    Optional<Stock> find(Sku sku);

    /**
     * The stocks of these products, each row locked until the transaction ends ({@code select ... for update}).
     * Rows are locked in SKU order, so two transactions that lock overlapping sets serialize without deadlock.
     * Unknown SKUs are missing from the answer.
     */
    List<Stock> lock(Collection<Sku> skus);

    /** Writes back stocks read with {@link #lock} in this transaction. */
    void save(Collection<Stock> stocks);
}
