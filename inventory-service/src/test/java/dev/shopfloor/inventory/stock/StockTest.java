package dev.shopfloor.inventory.stock;

import static dev.shopfloor.inventory.stock.StockBuilder.aStock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.inventory.catalog.Sku;
import org.junit.jupiter.api.Test;

class StockTest {

    @Test
    void computesAvailableAsOnHandMinusReserved() {
        Stock stock = aStock("SKU-1").onHand(10).reserved(3).build();

        assertThat(stock.available()).isEqualTo(7);
    }

    @Test
    void addsReceivedUnitsToOnHand() {
        Stock stock = aStock("SKU-1").onHand(10).reserved(3).build();

        Stock received = stock.receive(5);

        assertThat(received).isEqualTo(aStock("SKU-1").onHand(15).reserved(3).build());
        assertThat(received.available()).isEqualTo(12);
    }

    @Test
    void rejectsReceiptOfLessThanOneUnit() {
        Stock stock = aStock("SKU-1").onHand(10).build();

        assertThatThrownBy(() -> stock.receive(0)).isInstanceOf(IllegalStockChange.class);
        assertThatThrownBy(() -> stock.receive(-3)).isInstanceOf(IllegalStockChange.class);
    }

    @Test
    void rejectsReceiptThatWouldOverflow() {
        Stock stock = aStock("SKU-1").onHand(Integer.MAX_VALUE - 1).build();

        assertThatThrownBy(() -> stock.receive(2))
                .isInstanceOf(IllegalStockChange.class)
                .hasMessageContaining("exceed");
    }

    @Test
    void reservesAvailableUnits() {
        Stock stock = aStock("SKU-1").onHand(10).reserved(3).build();

        Stock reserved = stock.reserve(7);

        assertThat(reserved).isEqualTo(aStock("SKU-1").onHand(10).reserved(10).build());
        assertThat(reserved.available()).isZero();
    }

    @Test
    void rejectsReservationWhenStockIsShort() {
        Stock stock = aStock("SKU-1").onHand(10).reserved(3).build();

        assertThatThrownBy(() -> stock.reserve(8)).isInstanceOfSatisfying(InsufficientStock.class, e -> {
            assertThat(e.sku()).isEqualTo(Sku.of("SKU-1"));
            assertThat(e.requested()).isEqualTo(8);
            assertThat(e.available()).isEqualTo(7);
        });
    }

    @Test
    void rejectsReservationOfLessThanOneUnit() {
        Stock stock = aStock("SKU-1").onHand(10).build();

        assertThatThrownBy(() -> stock.reserve(0)).isInstanceOf(IllegalStockChange.class);
    }

    @Test
    void releaseMakesReservedUnitsAvailableAgain() {
        Stock stock = aStock("SKU-1").onHand(10).reserved(4).build();

        Stock released = stock.release(3);

        assertThat(released).isEqualTo(aStock("SKU-1").onHand(10).reserved(1).build());
        assertThat(released.available()).isEqualTo(9);
    }

    @Test
    void rejectsReleaseOfMoreThanIsReserved() {
        Stock stock = aStock("SKU-1").onHand(10).reserved(2).build();

        assertThatThrownBy(() -> stock.release(3)).isInstanceOf(IllegalStockChange.class);
    }

    @Test
    void commitTakesReservedUnitsOutOfOnHand() {
        Stock stock = aStock("SKU-1").onHand(10).reserved(4).build();

        Stock committed = stock.commit(3);

        assertThat(committed).isEqualTo(aStock("SKU-1").onHand(7).reserved(1).build());
        assertThat(committed.available()).isEqualTo(6);
    }

    @Test
    void rejectsCommitOfMoreThanIsReserved() {
        Stock stock = aStock("SKU-1").onHand(10).reserved(2).build();

        assertThatThrownBy(() -> stock.commit(3)).isInstanceOf(IllegalStockChange.class);
        assertThatThrownBy(() -> stock.commit(0)).isInstanceOf(IllegalStockChange.class);
    }

    @Test
    void neverHoldsMoreReservedThanOnHandNorNegativeUnits() {
        assertThatThrownBy(() -> aStock("SKU-1").onHand(2).reserved(3).build()).isInstanceOf(IllegalStockChange.class);
        assertThatThrownBy(() -> aStock("SKU-1").onHand(-1).build()).isInstanceOf(IllegalStockChange.class);
        assertThatThrownBy(() -> aStock("SKU-1").onHand(1).reserved(-1).build()).isInstanceOf(IllegalStockChange.class);
    }
}
