package dev.shopfloor.inventory.reservation;

import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.reservation.StockCommand.ReserveStock;
import dev.shopfloor.inventory.stock.Stock;
import dev.shopfloor.inventory.stock.StockChange;
import dev.shopfloor.inventory.stock.StockMovement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stock held for one order: all of the order's lines, reserved together, then released or committed together.
 *
 * @param orderId the order
 * @param lines one line per SKU, sorted by SKU
 * @param status where the reservation stands
 */
public record Reservation(OrderId orderId, List<ReservationLine> lines, ReservationStatus status) {

    public Reservation {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        lines = List.copyOf(lines);
    }

    /** What {@link #place} decided. */
    public sealed interface Attempt {

        /** Every line is reserved: the new reservation and a {@code RESERVED} stock change per line. */
        record Accepted(Reservation reservation, List<StockChange> changes) implements Attempt {}

        /** Nothing is reserved: every line that is short. */
        record Refused(List<Shortage> shortages) implements Attempt {}
    }

    /** The reservation after a transition, and the stock change (with its movement) of each line. */
    public record Change(Reservation reservation, List<StockChange> changes) {}

    /**
     * Reserves every line of the command from {@code stock}, or none: a single short line refuses the whole order.
     * A SKU missing from {@code stock} is short with {@code 0} available.
     *
     * @param stock the current stock of (at least) the command's SKUs
     */
    public static Attempt place(ReserveStock command, Collection<Stock> stock) {
        Map<Sku, Stock> bySku = index(stock);
        List<Shortage> shortages = new ArrayList<>();
        List<StockChange> reserved = new ArrayList<>();
        for (ReservationLine line : command.lines()) {
            Stock current = bySku.get(line.sku());
            int available = current == null ? 0 : current.available();
            if (line.quantity() > available) {
                shortages.add(new Shortage(line.sku(), line.quantity(), available));
            } else {
                reserved.add(current.apply(new StockMovement.Reserved(
                        line.sku(), line.quantity(), command.orderId().value())));
            }
        }
        if (!shortages.isEmpty()) {
            return new Attempt.Refused(shortages);
        }
        return new Attempt.Accepted(
                new Reservation(command.orderId(), command.lines(), ReservationStatus.RESERVED), reserved);
    }

    /**
     * Gives the reserved units back to {@code stock}.
     *
     * @throws IllegalReservationTransition unless the reservation is {@code RESERVED}
     */
    public Change release(Collection<Stock> stock) {
        requireReserved("release");
        Map<Sku, Stock> bySku = index(stock);
        List<StockChange> changed = lines.stream()
                .map(line -> stockOf(bySku, line)
                        .apply(new StockMovement.Released(line.sku(), line.quantity(), orderId.value())))
                .toList();
        return new Change(new Reservation(orderId, lines, ReservationStatus.RELEASED), changed);
    }

    /**
     * Takes the reserved units out of {@code stock} for good: on hand and reserved both drop.
     *
     * @throws IllegalReservationTransition unless the reservation is {@code RESERVED}
     */
    public Change commit(Collection<Stock> stock) {
        requireReserved("commit");
        Map<Sku, Stock> bySku = index(stock);
        List<StockChange> changed = lines.stream()
                .map(line -> stockOf(bySku, line)
                        .apply(new StockMovement.Committed(line.sku(), line.quantity(), orderId.value())))
                .toList();
        return new Change(new Reservation(orderId, lines, ReservationStatus.COMMITTED), changed);
    }

    /** The SKUs of the lines, sorted. */
    public List<Sku> skus() {
        return lines.stream().map(ReservationLine::sku).toList();
    }

    private void requireReserved(String transition) {
        if (status != ReservationStatus.RESERVED) {
            throw new IllegalReservationTransition(
                    "cannot " + transition + " the reservation of order " + orderId + ": it is " + status);
        }
    }

    private Stock stockOf(Map<Sku, Stock> bySku, ReservationLine line) {
        Stock stock = bySku.get(line.sku());
        if (stock == null) {
            throw new IllegalArgumentException("no stock of " + line.sku() + " given for order " + orderId);
        }
        return stock;
    }

    private static Map<Sku, Stock> index(Collection<Stock> stock) {
        return stock.stream().collect(Collectors.toMap(Stock::sku, Function.identity()));
    }
}
