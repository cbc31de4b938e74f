package dev.shopfloor.inventory.reservation;

import static dev.shopfloor.inventory.reservation.ReserveStockBuilder.aReserveStock;
import static dev.shopfloor.inventory.stock.StockBuilder.aStock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.reservation.Reservation.Attempt;
import dev.shopfloor.inventory.stock.Stock;
import dev.shopfloor.inventory.stock.StockChange;
import dev.shopfloor.inventory.stock.StockMovement;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationTest {

    private final Stock widgets = aStock("WIDGET").onHand(10).reserved(2).build();
    private final Stock gadgets = aStock("GADGET").onHand(5).build();

    @Test
    void reservesEveryLineWhenAllAreAvailable() {
        var command = aReserveStock()
                .forOrder(7)
                .withLine("WIDGET", 8)
                .withLine("GADGET", 5)
                .build();

        Attempt attempt = Reservation.place(command, List.of(widgets, gadgets));

        assertThat(attempt).isInstanceOfSatisfying(Attempt.Accepted.class, accepted -> {
            assertThat(accepted.reservation().orderId()).isEqualTo(new OrderId(7));
            assertThat(accepted.reservation().status()).isEqualTo(ReservationStatus.RESERVED);
            assertThat(accepted.reservation().lines()).containsExactly(line("GADGET", 5), line("WIDGET", 8));
            assertThat(accepted.changes())
                    .containsExactlyInAnyOrder(
                            new StockChange(
                                    widgets,
                                    aStock("WIDGET").onHand(10).reserved(10).build(),
                                    new StockMovement.Reserved(Sku.of("WIDGET"), 8, 7)),
                            new StockChange(
                                    gadgets,
                                    aStock("GADGET").onHand(5).reserved(5).build(),
                                    new StockMovement.Reserved(Sku.of("GADGET"), 5, 7)));
        });
    }

    @Test
    void refusesTheWholeOrderWhenOneLineIsShort() {
        var command =
                aReserveStock().withLine("WIDGET", 8).withLine("GADGET", 6).build();

        Attempt attempt = Reservation.place(command, List.of(widgets, gadgets));

        assertThat(attempt).isEqualTo(new Attempt.Refused(List.of(new Shortage(Sku.of("GADGET"), 6, 5))));
    }

    @Test
    void listsEveryShortLine() {
        var command =
                aReserveStock().withLine("WIDGET", 9).withLine("GADGET", 6).build();

        Attempt attempt = Reservation.place(command, List.of(widgets, gadgets));

        assertThat(attempt)
                .isEqualTo(new Attempt.Refused(
                        List.of(new Shortage(Sku.of("GADGET"), 6, 5), new Shortage(Sku.of("WIDGET"), 9, 8))));
    }

    @Test
    void countsAnUnknownSkuAsShortWithNothingAvailable() {
        var command =
                aReserveStock().withLine("WIDGET", 1).withLine("NO-SUCH-SKU", 1).build();

        Attempt attempt = Reservation.place(command, List.of(widgets));

        assertThat(attempt).isEqualTo(new Attempt.Refused(List.of(new Shortage(Sku.of("NO-SUCH-SKU"), 1, 0))));
    }

    @Test
    void addsUpLinesThatNameTheSameSku() {
        var command =
                aReserveStock().withLine("WIDGET", 5).withLine("WIDGET", 4).build();

        assertThat(command.lines()).containsExactly(line("WIDGET", 9));
        assertThat(Reservation.place(command, List.of(widgets)))
                .isEqualTo(new Attempt.Refused(List.of(new Shortage(Sku.of("WIDGET"), 9, 8))));
    }

    @Test
    void rejectsCommandWithoutLines() {
        assertThatThrownBy(() -> aReserveStock().build()).isInstanceOf(InvalidCommand.class);
    }

    @Test
    void rejectsLineOfLessThanOneUnit() {
        assertThatThrownBy(() -> aReserveStock().withLine("WIDGET", 0)).isInstanceOf(InvalidCommand.class);
    }

    @Test
    void releaseGivesReservedUnitsBack() {
        Reservation reservation = reserved(line("WIDGET", 2));

        Reservation.Change change = reservation.release(List.of(widgets));

        assertThat(change.reservation().status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(change.changes())
                .containsExactly(new StockChange(
                        widgets,
                        aStock("WIDGET").onHand(10).reserved(0).build(),
                        new StockMovement.Released(Sku.of("WIDGET"), 2, 1)));
    }

    @Test
    void commitTakesReservedUnitsOutOfOnHand() {
        Reservation reservation = reserved(line("WIDGET", 2));

        Reservation.Change change = reservation.commit(List.of(widgets));

        assertThat(change.reservation().status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(change.changes())
                .containsExactly(new StockChange(
                        widgets,
                        aStock("WIDGET").onHand(8).reserved(0).build(),
                        new StockMovement.Committed(Sku.of("WIDGET"), 2, 1)));
    }

    @Test
    void refusesToReleaseACommittedReservation() {
        Reservation committed =
                reserved(line("WIDGET", 2)).commit(List.of(widgets)).reservation();

        assertThatThrownBy(() -> committed.release(List.of(widgets)))
                .isInstanceOf(IllegalReservationTransition.class)
                .hasMessageContaining("COMMITTED");
    }

    @Test
    void refusesToCommitAReleasedReservation() {
        Reservation released =
                reserved(line("WIDGET", 2)).release(List.of(widgets)).reservation();

        assertThatThrownBy(() -> released.commit(List.of(widgets)))
                .isInstanceOf(IllegalReservationTransition.class)
                .hasMessageContaining("RELEASED");
    }

    @Test
    void refusesToReleaseOrCommitTwice() {
        Reservation released =
                reserved(line("WIDGET", 2)).release(List.of(widgets)).reservation();
        Reservation committed =
                reserved(line("WIDGET", 2)).commit(List.of(widgets)).reservation();

        assertThatThrownBy(() -> released.release(List.of(widgets))).isInstanceOf(IllegalReservationTransition.class);
        assertThatThrownBy(() -> committed.commit(List.of(widgets))).isInstanceOf(IllegalReservationTransition.class);
    }

    private static Reservation reserved(ReservationLine... lines) {
        return new Reservation(new OrderId(1), List.of(lines), ReservationStatus.RESERVED);
    }

    private static ReservationLine line(String sku, int quantity) {
        return new ReservationLine(Sku.of(sku), quantity);
    }
}
