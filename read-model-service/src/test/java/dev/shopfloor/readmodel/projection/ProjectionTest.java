package dev.shopfloor.readmodel.projection;

import static dev.shopfloor.readmodel.projection.RowChanges.insert;
import static dev.shopfloor.readmodel.projection.RowChanges.itemRow;
import static dev.shopfloor.readmodel.projection.RowChanges.orderRow;
import static dev.shopfloor.readmodel.projection.RowChanges.paymentRow;
import static dev.shopfloor.readmodel.projection.RowChanges.read;
import static dev.shopfloor.readmodel.projection.RowChanges.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    static final Generation G1 = new Generation(1);
    static final long ID = 9L;

    final InMemoryViews views = new InMemoryViews();
    final Projection projection = new Projection(views);

    @Test
    void appliesAStreamedTransactionAndRemembersItsPosition() {
        Projection.Applied applied = projection.apply(
                G1,
                "orders",
                List.of(
                        insert("orders", orderRow(ID, "PENDING", null, "2.00", "2025-03-01T10:00:00Z")),
                        insert("order_item", itemRow(ID, 0, "A", 1, "2.00"))),
                new Position(100, 120));

        assertThat(applied.skipped()).isFalse();
        assertThat(applied.orderIds()).containsExactly(ID);
        assertThat(views.stored.get(ID).items()).hasSize(1);
        assertThat(views.positions.get("orders")).isEqualTo(new Position(100, 120));
    }

    @Test
    void skipsADuplicateDeliveryOfAnAppliedTransaction() {
        List<RowChange> approve = List.of(update(
                "orders",
                orderRow(ID, "PENDING", null, "2.00", "2025-03-01T10:00:00Z"),
                orderRow(ID, "APPROVED", null, "2.00", "2025-03-01T10:01:00Z")));
        List<RowChange> create =
                List.of(insert("orders", orderRow(ID, "PENDING", null, "2.00", "2025-03-01T10:00:00Z")));
        projection.apply(G1, "orders", create, new Position(100, 110));
        projection.apply(G1, "orders", approve, new Position(200, 210));

        // After a crash Debezium resumes from an older offset and delivers both again.
        Projection.Applied again = projection.apply(G1, "orders", create, new Position(100, 110));
        Projection.Applied againApprove = projection.apply(G1, "orders", approve, new Position(200, 210));

        assertThat(again.skipped()).isTrue();
        assertThat(againApprove.skipped()).isTrue();
        assertThat(views.stored.get(ID).header().status()).isEqualTo("APPROVED");
        assertThat(views.saves).isEqualTo(2);
    }

    @Test
    void appliesALaterTransactionWhoseChangesHaveSmallerLsnsThanTheLastApplied() {
        projection.apply(
                G1,
                "orders",
                List.of(insert("orders", orderRow(1L, "PENDING", null, "1.00", "2025-03-01T10:00:00Z"))),
                new Position(100, 300));

        // began before the previous one (smaller change LSN) but committed after it (larger previous-commit LSN)
        Projection.Applied applied = projection.apply(
                G1,
                "orders",
                List.of(insert("orders", orderRow(ID, "PENDING", null, "2.00", "2025-03-01T10:00:00Z"))),
                new Position(310, 250));

        assertThat(applied.skipped()).isFalse();
        assertThat(views.stored).containsKey(ID);
    }

    @Test
    void keepsPositionsPerSource() {
        projection.apply(
                G1,
                "orders",
                List.of(insert("orders", orderRow(ID, "PENDING", null, "2.00", "2025-03-01T10:00:00Z"))),
                new Position(900, 950));

        Projection.Applied payment = projection.apply(
                G1,
                "payments",
                List.of(insert("payment_authorization", paymentRow(ID, "AUTHORIZED", null))),
                new Position(10, 20));

        assertThat(payment.skipped()).isFalse();
        assertThat(views.stored.get(ID).paymentStatus()).isEqualTo("AUTHORIZED");
    }

    @Test
    void alwaysAppliesSnapshotRowsWhichAreFullRowStates() {
        List<RowChange> snapshot =
                List.of(read("orders", orderRow(ID, "APPROVED", null, "2.00", "2025-03-01T10:00:00Z")));

        projection.apply(G1, "orders", snapshot, null);
        projection.apply(G1, "orders", snapshot, null);

        assertThat(views.stored.get(ID).header().status()).isEqualTo("APPROVED");
        assertThat(views.positions).isEmpty();
    }

    /** The port's contract in memory: views and positions per source. */
    static final class InMemoryViews implements OrderViews {
        final Map<Long, OrderView> stored = new HashMap<>();
        final Map<String, Position> positions = new HashMap<>();
        int saves;

        @Override
        public boolean advance(Generation generation, String source, Position position) {
            Position stored = positions.get(source);
            if (stored != null && position.isAtOrBefore(stored)) {
                return false;
            }
            positions.put(source, position);
            return true;
        }

        @Override
        public Map<Long, OrderView> lockAndLoad(Generation generation, Collection<Long> orderIds) {
            Map<Long, OrderView> found = new HashMap<>();
            orderIds.forEach(id -> Optional.ofNullable(stored.get(id)).ifPresent(view -> found.put(id, view)));
            return found;
        }

        @Override
        public void save(Generation generation, Map<Long, OrderView> before, List<OrderView> views) {
            saves++;
            views.forEach(view -> {
                if (view.isEmpty()) {
                    stored.remove(view.orderId());
                } else {
                    stored.put(view.orderId(), view);
                }
            });
        }

        @Override
        public Optional<OrderView> find(Generation generation, long orderId) {
            return Optional.ofNullable(stored.get(orderId)).filter(OrderView::isComplete);
        }

        @Override
        public Page page(Generation generation, String customerId, String status, int page, int size) {
            return new Page(new ArrayList<>(stored.values()), stored.size());
        }
    }
}
