package dev.shopfloor.inventory.reservation;

import static dev.shopfloor.inventory.reservation.ReserveStockBuilder.aReserveStock;
import static dev.shopfloor.inventory.stock.StockBuilder.aStock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.reservation.StockCommand.CommitStock;
import dev.shopfloor.inventory.reservation.StockCommand.ReleaseStock;
import dev.shopfloor.inventory.reservation.StockReply.StockCommitted;
import dev.shopfloor.inventory.reservation.StockReply.StockReleased;
import dev.shopfloor.inventory.reservation.StockReply.StockReserved;
import dev.shopfloor.inventory.reservation.StockReply.StockUnavailable;
import dev.shopfloor.inventory.stock.Stock;
import dev.shopfloor.inventory.stock.StockChange;
import dev.shopfloor.inventory.stock.StockMovement;
import dev.shopfloor.inventory.stock.Stocks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reservation feature's idempotency by order id, over in-memory repositories: a repeated command neither changes
 * the stock again nor logs another movement.
 */
class StockReservationTest {

    private final InMemoryStocks stocks = new InMemoryStocks();
    private final InMemoryReservations reservations = new InMemoryReservations();
    private final StockReservation service = new StockReservation(reservations, stocks);
    private final OrderId order = new OrderId(42);

    @Test
    void reservesOnlyOnceWhenAnOrderAsksAgain() {
        stocks.put(aStock("WIDGET").onHand(10).build());
        var command = aReserveStock().forOrder(42).withLine("WIDGET", 3).build();

        StockReply first = service.handle(command);
        StockReply second = service.handle(command);

        assertThat(first).isEqualTo(new StockReserved(order));
        assertThat(second).isEqualTo(new StockReserved(order));
        assertThat(stocks.get("WIDGET"))
                .isEqualTo(aStock("WIDGET").onHand(10).reserved(3).build());
        assertThat(stocks.movements).containsExactly(new StockMovement.Reserved(Sku.of("WIDGET"), 3, 42));
    }

    @Test
    void answersTheSameRefusalWhenARefusedOrderAsksAgain() {
        stocks.put(aStock("WIDGET").onHand(2).build());
        var command = aReserveStock().forOrder(42).withLine("WIDGET", 3).build();
        StockReply first = service.handle(command);
        stocks.put(aStock("WIDGET").onHand(100).build());

        StockReply second = service.handle(command);

        assertThat(first).isEqualTo(new StockUnavailable(order, List.of(new Shortage(Sku.of("WIDGET"), 3, 2))));
        assertThat(second).isEqualTo(first);
        assertThat(stocks.get("WIDGET").reserved()).isZero();
        assertThat(stocks.movements).isEmpty();
    }

    @Test
    void answersStockReleasedWhenNothingIsReserved() {
        assertThat(service.handle(new ReleaseStock(order))).isEqualTo(new StockReleased(order));
    }

    @Test
    void releasesOnlyOnce() {
        stocks.put(aStock("WIDGET").onHand(10).reserved(1).build());
        service.handle(aReserveStock().forOrder(42).withLine("WIDGET", 3).build());

        service.handle(new ReleaseStock(order));
        StockReply again = service.handle(new ReleaseStock(order));

        assertThat(again).isEqualTo(new StockReleased(order));
        assertThat(stocks.get("WIDGET"))
                .isEqualTo(aStock("WIDGET").onHand(10).reserved(1).build());
        assertThat(stocks.movements)
                .containsExactly(
                        new StockMovement.Reserved(Sku.of("WIDGET"), 3, 42),
                        new StockMovement.Released(Sku.of("WIDGET"), 3, 42));
    }

    @Test
    void commitsOnlyOnce() {
        stocks.put(aStock("WIDGET").onHand(10).build());
        service.handle(aReserveStock().forOrder(42).withLine("WIDGET", 3).build());

        service.handle(new CommitStock(order));
        StockReply again = service.handle(new CommitStock(order));

        assertThat(again).isEqualTo(new StockCommitted(order));
        assertThat(stocks.get("WIDGET"))
                .isEqualTo(aStock("WIDGET").onHand(7).reserved(0).build());
        assertThat(stocks.movements)
                .containsExactly(
                        new StockMovement.Reserved(Sku.of("WIDGET"), 3, 42),
                        new StockMovement.Committed(Sku.of("WIDGET"), 3, 42));
    }

    @Test
    void refusesToCommitWhatWasNeverReserved() {
        assertThatThrownBy(() -> service.handle(new CommitStock(order)))
                .isInstanceOf(IllegalReservationTransition.class);
    }

    @Test
    void refusesToReleaseWhatWasCommitted() {
        stocks.put(aStock("WIDGET").onHand(10).build());
        service.handle(aReserveStock().forOrder(42).withLine("WIDGET", 3).build());
        service.handle(new CommitStock(order));

        assertThatThrownBy(() -> service.handle(new ReleaseStock(order)))
                .isInstanceOf(IllegalReservationTransition.class);
    }

    private static final class InMemoryStocks implements Stocks {

        private final Map<Sku, Stock> rows = new HashMap<>();
        private final List<StockMovement> movements = new ArrayList<>();

        void put(Stock stock) {
            rows.put(stock.sku(), stock);
        }

        Stock get(String sku) {
            return rows.get(Sku.of(sku));
        }

        @Override
        public Optional<Stock> find(Sku sku) {
            return Optional.ofNullable(rows.get(sku));
        }

        @Override
        public List<Stock> lock(Collection<Sku> skus) {
            return skus.stream().sorted().map(rows::get).filter(s -> s != null).toList();
        }

        @Override
        public void save(Collection<StockChange> changes) {
            for (StockChange change : changes) {
                if (!change.before().equals(rows.get(change.before().sku()))) {
                    throw new IllegalStateException("stock changed since it was read: " + change);
                }
                put(change.after());
                movements.add(change.movement());
            }
        }
    }

    private static final class InMemoryReservations implements Reservations {

        private final Map<OrderId, Reservation> reservations = new HashMap<>();
        private final Map<OrderId, StockUnavailable> refusals = new HashMap<>();

        @Override
        public void lockOrder(OrderId orderId) {}

        @Override
        public Optional<Reservation> find(OrderId orderId) {
            return Optional.ofNullable(reservations.get(orderId));
        }

        @Override
        public void save(Reservation reservation) {
            reservations.put(reservation.orderId(), reservation);
        }

        @Override
        public Optional<StockUnavailable> findRefusal(OrderId orderId) {
            return Optional.ofNullable(refusals.get(orderId));
        }

        @Override
        public void saveRefusal(StockUnavailable refusal) {
            refusals.put(refusal.orderId(), refusal);
        }
    }
}
