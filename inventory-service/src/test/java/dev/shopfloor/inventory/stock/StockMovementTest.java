package dev.shopfloor.inventory.stock;

import static dev.shopfloor.inventory.stock.StockBuilder.aStock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.inventory.catalog.Sku;
import org.junit.jupiter.api.Test;

/** Every stock transition comes with its movement, and a movement moves the stock by exactly its units. */
class StockMovementTest {

    private static final Sku SKU = Sku.of("SKU-1");

    private final Stock stock = aStock("SKU-1").onHand(10).reserved(4).build();

    @Test
    void receivingRaisesOnHandAndLogsTheReceipt() {
        StockChange change = stock.apply(new StockMovement.Received(SKU, 5));

        assertThat(change.before()).isEqualTo(stock);
        assertThat(change.after())
                .isEqualTo(aStock("SKU-1").onHand(15).reserved(4).build());
        assertThat(change.movement()).isEqualTo(new StockMovement.Received(SKU, 5));
    }

    @Test
    void reservingReleasingAndCommittingMoveTheUnitsTheirMovementsName() {
        assertThat(stock.apply(new StockMovement.Reserved(SKU, 6, 7)).after())
                .isEqualTo(aStock("SKU-1").onHand(10).reserved(10).build());
        assertThat(stock.apply(new StockMovement.Released(SKU, 3, 7)).after())
                .isEqualTo(aStock("SKU-1").onHand(10).reserved(1).build());
        assertThat(stock.apply(new StockMovement.Committed(SKU, 3, 7)).after())
                .isEqualTo(aStock("SKU-1").onHand(7).reserved(1).build());
    }

    @Test
    void keepsTheStocksRulesWhenApplyingAMovement() {
        assertThatThrownBy(() -> stock.apply(new StockMovement.Reserved(SKU, 7, 7)))
                .isInstanceOf(InsufficientStock.class);
        assertThatThrownBy(() -> stock.apply(new StockMovement.Committed(SKU, 5, 7)))
                .isInstanceOf(IllegalStockChange.class);
        assertThatThrownBy(() ->
                        aStock("SKU-1").onHand(Integer.MAX_VALUE).build().apply(new StockMovement.Received(SKU, 1)))
                .isInstanceOf(IllegalStockChange.class);
    }

    @Test
    void rejectsAMovementOfLessThanOneUnitOrWithoutAValidOrder() {
        assertThatThrownBy(() -> new StockMovement.Received(SKU, 0)).isInstanceOf(IllegalStockChange.class);
        assertThatThrownBy(() -> new StockMovement.Committed(SKU, -1, 7)).isInstanceOf(IllegalStockChange.class);
        assertThatThrownBy(() -> new StockMovement.Reserved(SKU, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAMovementOfAnotherSku() {
        assertThatThrownBy(() -> stock.apply(new StockMovement.Received(Sku.of("SKU-2"), 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAChangeThatItsMovementDoesNotExplain() {
        Stock tampered = aStock("SKU-1").onHand(16).reserved(4).build();
        Stock reservedInstead = aStock("SKU-1").onHand(10).reserved(9).build();

        assertThatThrownBy(() -> new StockChange(stock, tampered, new StockMovement.Received(SKU, 5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StockChange(stock, reservedInstead, new StockMovement.Received(SKU, 5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new StockChange(stock, stock.receive(5), new StockMovement.Received(SKU, 5)).after())
                .isEqualTo(aStock("SKU-1").onHand(15).reserved(4).build());
    }
}
