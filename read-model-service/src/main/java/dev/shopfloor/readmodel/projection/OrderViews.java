package dev.shopfloor.readmodel.projection;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where order views and the source positions they reflect are kept, per {@link Generation}. Writes join the caller's
 * transaction, so views and positions commit together.
 */
public interface OrderViews {

    /**
     * Records that this generation applies {@code source} up to {@code position}, if that is after the position stored
     * (or none is): one statement, which also holds the source's position row until the transaction ends.
     *
     * @return false, and nothing written, when the stored position is at or after {@code position} (already applied)
     */
    boolean advance(Generation generation, String source, Position position);

    /**
     * The views of these orders, waiting for any other transaction that is changing one of them (so concurrent
     * projections of different sources never overwrite each other's parts). Orders without a view are absent.
     */
    Map<Long, OrderView> lockAndLoad(Generation generation, Collection<Long> orderIds);

    /**
     * Stores the views (an {@linkplain OrderView#isEmpty() empty} one is removed), writing only what differs from
     * {@code before}.
     *
     * @param before what {@link #lockAndLoad} returned for these orders in this transaction (absent: no view stored)
     */
    void save(Generation generation, Map<Long, OrderView> before, List<OrderView> views);

    /** One order's view, if it is {@linkplain OrderView#isComplete() complete}. */
    Optional<OrderView> find(Generation generation, long orderId);

    /**
     * Complete views, newest first (by creation time, then id).
     *
     * @param customerId only this customer's orders, or null for all
     * @param status only orders with this status, or null for all
     * @param page zero-based
     * @param size at least 1
     */
    Page page(Generation generation, String customerId, String status, int page, int size);

    /** A page of views and the total count of matching views. */
    record Page(List<OrderView> content, long totalElements) {}
}
