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

    /** The last position of {@code source} applied to this generation, or empty before its first streamed change. */
    Optional<Position> position(Generation generation, String source);

    /**
     * The views of these orders, waiting for any other transaction that is changing one of them (so concurrent
     * projections of different sources never overwrite each other's parts). Orders without a view are absent.
     */
    Map<Long, OrderView> lockAndLoad(Generation generation, Collection<Long> orderIds);

    /** Stores the views (an {@linkplain OrderView#isEmpty() empty} one is removed). */
    void save(Generation generation, List<OrderView> views);

    /** Records the position of {@code source} this generation has applied up to. */
    void savePosition(Generation generation, String source, Position position);

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
