package dev.shopfloor.readmodel.projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies source changes to the order views with an exactly-once effect: the views and the source's position commit
 * in one transaction, and a streamed transaction at or before the stored position is skipped, so a redelivery after
 * a crash (Debezium resumes from its last flushed offset, which may be older) has no second effect and never moves a
 * view back to an older state.
 *
 * <p>Snapshot rows carry no stream position: they are full row states, applying one twice gives the same view, so they
 * are always applied.
 */
@Service
public class Projection {

    private final OrderViews views;

    public Projection(OrderViews views) {
        this.views = views;
    }

    /**
     * What one call did.
     *
     * @param skipped true when the changes were applied before and nothing was written
     * @param orderIds the orders whose views changed (for cache eviction after the commit)
     */
    public record Applied(boolean skipped, Set<Long> orderIds) {}

    /**
     * Applies one source transaction's row changes (or a group of snapshot rows) in order, in one database
     * transaction.
     *
     * @param source the source database's name, e.g. {@code orders}
     * @param changes row changes in stream order; changes of tables the view does not use are ignored
     * @param position the stream position of the last change, or null for snapshot rows
     */
    @Transactional
    public Applied apply(Generation generation, String source, List<RowChange> changes, Position position) {
        // The position first: one statement checks it and moves it on (views and position commit together anyway).
        if (position != null && !views.advance(generation, source, position)) {
            return new Applied(true, Set.of());
        }
        Set<Long> orderIds = new TreeSet<>();
        for (RowChange change : changes) {
            OptionalLong id = OrderView.orderIdOf(change);
            id.ifPresent(orderIds::add);
        }
        Map<Long, OrderView> before = views.lockAndLoad(generation, orderIds);
        Map<Long, OrderView> current = new LinkedHashMap<>(before);
        for (RowChange change : changes) {
            OptionalLong id = OrderView.orderIdOf(change);
            if (id.isPresent()) {
                long orderId = id.getAsLong();
                current.put(
                        orderId,
                        current.getOrDefault(orderId, OrderView.empty(orderId)).apply(change));
            }
        }
        views.save(generation, before, new ArrayList<>(current.values()));
        return new Applied(false, orderIds);
    }
}
