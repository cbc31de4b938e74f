package dev.shopfloor.readmodel.projection;

import static dev.shopfloor.readmodel.projection.RowChanges.delete;
import static dev.shopfloor.readmodel.projection.RowChanges.insert;
import static dev.shopfloor.readmodel.projection.RowChanges.itemRow;
import static dev.shopfloor.readmodel.projection.RowChanges.orderRow;
import static dev.shopfloor.readmodel.projection.RowChanges.paymentRow;
import static dev.shopfloor.readmodel.projection.RowChanges.read;
import static dev.shopfloor.readmodel.projection.RowChanges.reservationRow;
import static dev.shopfloor.readmodel.projection.RowChanges.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderViewTest {

    static final long ID = 42L;

    @Test
    void takesTheOrderRowFromAnInsertWithExactMoneyAndInstants() {
        OrderView view = OrderView.empty(ID)
                .apply(insert("orders", orderRow(ID, "PENDING", null, "40.10", "2025-03-01T11:00:00.123456+01:00")));

        assertThat(view.isComplete()).isTrue();
        assertThat(view.header().total()).isEqualTo(new BigDecimal("40.10"));
        assertThat(view.header().total().scale()).isEqualTo(2);
        assertThat(view.header().createdAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00.500Z"));
        assertThat(view.header().updatedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00.123456Z"));
        assertThat(view.header().rejectionReason()).isNull();
    }

    @Test
    void takesSnapshotRowsLikeInserts() {
        OrderView fromSnapshot = OrderView.empty(ID)
                .apply(read("orders", orderRow(ID, "APPROVED", null, "1.00", "2025-03-01T10:00:00Z")));
        OrderView fromInsert = OrderView.empty(ID)
                .apply(insert("orders", orderRow(ID, "APPROVED", null, "1.00", "2025-03-01T10:00:00Z")));

        assertThat(fromSnapshot).isEqualTo(fromInsert);
    }

    @Test
    void replacesTheOrderPartOnAnUpdate() {
        OrderView view = OrderView.empty(ID)
                .apply(insert("orders", orderRow(ID, "PENDING", null, "1.00", "2025-03-01T10:00:00Z")))
                .apply(update(
                        "orders",
                        orderRow(ID, "PENDING", null, "1.00", "2025-03-01T10:00:00Z"),
                        orderRow(ID, "REJECTED", "OUT_OF_STOCK", "1.00", "2025-03-01T10:05:00Z")));

        assertThat(view.header().status()).isEqualTo("REJECTED");
        assertThat(view.header().rejectionReason()).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void dropsTheOrderPartOnADeleteCarryingOnlyTheKey() {
        OrderView view = OrderView.empty(ID)
                .apply(insert("orders", orderRow(ID, "PENDING", null, "1.00", "2025-03-01T10:00:00Z")))
                .apply(delete("orders", Map.of("id", ID)));

        assertThat(view.isComplete()).isFalse();
        assertThat(view.isEmpty()).isTrue();
    }

    @Test
    void keepsLinesInTheirOrderAndRemovesADeletedLine() {
        OrderView view = OrderView.empty(ID)
                .apply(insert("order_item", itemRow(ID, 1, "B", 1, "2.00")))
                .apply(insert("order_item", itemRow(ID, 0, "A", 3, "1.50")))
                .apply(update("order_item", itemRow(ID, 1, "B", 1, "2.00"), itemRow(ID, 1, "B", 4, "2.00")));

        assertThat(view.items().values()).extracting(OrderView.Item::sku).containsExactly("A", "B");
        assertThat(view.items().get(1).quantity()).isEqualTo(4);
        assertThat(view.apply(delete("order_item", Map.of("order_id", ID, "line_no", 0)))
                        .items())
                .containsOnlyKeys(1);
    }

    @Test
    void followsThePaymentThroughItsStatesAndForgetsItOnDelete() {
        OrderView authorized =
                OrderView.empty(ID).apply(insert("payment_authorization", paymentRow(ID, "AUTHORIZED", null)));
        OrderView captured = authorized.apply(
                update("payment_authorization", paymentRow(ID, "AUTHORIZED", null), paymentRow(ID, "CAPTURED", null)));

        assertThat(authorized.paymentStatus()).isEqualTo("AUTHORIZED");
        assertThat(captured.paymentStatus()).isEqualTo("CAPTURED");
        assertThat(captured.payment().amount()).isEqualTo(new BigDecimal("40.00"));
        assertThat(captured.payment().updatedAt()).isEqualTo(Instant.parse("2025-03-01T09:00:01Z"));
        assertThat(captured.apply(delete("payment_authorization", Map.of("order_id", ID)))
                        .paymentStatus())
                .isNull();
    }

    @Test
    void reportsTheReservationStatusItsLinesShareOrPartialWhileTheyDisagree() {
        OrderView reserved = OrderView.empty(ID)
                .apply(insert("reservation", reservationRow(ID, "A", "RESERVED")))
                .apply(insert("reservation", reservationRow(ID, "B", "RESERVED")));
        OrderView halfway = reserved.apply(
                update("reservation", reservationRow(ID, "A", "RESERVED"), reservationRow(ID, "A", "COMMITTED")));
        OrderView committed = halfway.apply(
                update("reservation", reservationRow(ID, "B", "RESERVED"), reservationRow(ID, "B", "COMMITTED")));

        assertThat(OrderView.empty(ID).reservationStatus()).isNull();
        assertThat(reserved.reservationStatus()).isEqualTo("RESERVED");
        assertThat(halfway.reservationStatus()).isEqualTo("PARTIAL");
        assertThat(committed.reservationStatus()).isEqualTo("COMMITTED");
        assertThat(committed
                        .apply(delete("reservation", Map.of("order_id", ID, "sku", "A")))
                        .reservations())
                .containsOnlyKeys("B");
    }

    @Test
    void convergesToTheSameViewWhateverOrderTheSourcesArriveIn() {
        // Each source's own changes keep their order (the stream guarantees it); sources interleave at random.
        List<List<RowChange>> sources = List.of(
                List.of(
                        insert("orders", orderRow(ID, "PENDING", null, "4.00", "2025-03-01T10:00:00Z")),
                        insert("order_item", itemRow(ID, 0, "A", 2, "2.00")),
                        update(
                                "orders",
                                orderRow(ID, "PENDING", null, "4.00", "2025-03-01T10:00:00Z"),
                                orderRow(ID, "APPROVED", null, "4.00", "2025-03-01T10:01:00Z"))),
                List.of(
                        insert("payment_authorization", paymentRow(ID, "AUTHORIZED", null)),
                        update(
                                "payment_authorization",
                                paymentRow(ID, "AUTHORIZED", null),
                                paymentRow(ID, "CAPTURED", null))),
                List.of(
                        insert("reservation", reservationRow(ID, "A", "RESERVED")),
                        update(
                                "reservation",
                                reservationRow(ID, "A", "RESERVED"),
                                reservationRow(ID, "A", "COMMITTED"))));
        OrderView expected = applyAll(
                OrderView.empty(ID), sources.stream().flatMap(List::stream).toList());

        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            List<RowChange> interleaved = interleave(sources, random);
            assertThat(applyAll(OrderView.empty(ID), interleaved))
                    .as("arrival order %s", interleaved)
                    .isEqualTo(expected);
        }
        assertThat(expected.header().status()).isEqualTo("APPROVED");
        assertThat(expected.paymentStatus()).isEqualTo("CAPTURED");
        assertThat(expected.reservationStatus()).isEqualTo("COMMITTED");
    }

    @Test
    void holdsAPaymentThatArrivedBeforeItsOrderAsAPartialViewThatQueriesDoNotShow() {
        OrderView partial =
                OrderView.empty(ID).apply(insert("payment_authorization", paymentRow(ID, "DECLINED", "NO_ACCOUNT")));

        assertThat(partial.isComplete()).isFalse();
        assertThat(partial.isEmpty()).isFalse();
        assertThat(partial.payment().declineReason()).isEqualTo("NO_ACCOUNT");
    }

    @Test
    void ignoresTablesItDoesNotUseAndRefusesAnotherOrdersChange() {
        RowChange account = insert("account", Map.of("customer_id", "alice"));

        assertThat(OrderView.orderIdOf(account)).isEmpty();
        assertThatThrownBy(() -> OrderView.empty(ID)
                        .apply(insert("orders", orderRow(7L, "PENDING", null, "1.00", "2025-03-01T10:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static OrderView applyAll(OrderView view, List<RowChange> changes) {
        for (RowChange change : changes) {
            view = view.apply(change);
        }
        return view;
    }

    private static List<RowChange> interleave(List<List<RowChange>> sources, Random random) {
        List<Integer> picks = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            for (int i = 0; i < sources.get(s).size(); i++) {
                picks.add(s);
            }
        }
        Collections.shuffle(picks, random);
        int[] next = new int[sources.size()];
        List<RowChange> result = new ArrayList<>();
        for (int s : picks) {
            result.add(sources.get(s).get(next[s]++));
        }
        return result;
    }
}
