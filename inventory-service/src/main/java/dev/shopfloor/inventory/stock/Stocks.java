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

    /**
     * Writes each change, in order, in the caller's transaction: the stock row goes from {@code before} to
     * {@code after} and the movement is appended to the stock movement log. Both are written or, the transaction
     * rolling back, neither.
     *
     * @throws RuntimeException (the adapter's) when there is no transaction, or a row is no longer as it was read
     *     with {@link #lock}: the caller's transaction must roll back
     */
    void save(Collection<StockChange> changes);
}
