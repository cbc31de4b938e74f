package dev.shopfloor.inventory.reservation;

import dev.shopfloor.inventory.reservation.Reservation.Attempt;
import dev.shopfloor.inventory.reservation.StockCommand.CommitStock;
import dev.shopfloor.inventory.reservation.StockCommand.ReleaseStock;
import dev.shopfloor.inventory.reservation.StockCommand.ReserveStock;
import dev.shopfloor.inventory.reservation.StockReply.StockCommitted;
import dev.shopfloor.inventory.reservation.StockReply.StockReleased;
import dev.shopfloor.inventory.reservation.StockReply.StockReserved;
import dev.shopfloor.inventory.reservation.StockReply.StockUnavailable;
import dev.shopfloor.inventory.stock.Stocks;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reservation feature: carries out the saga's stock commands, each idempotent by order id.
 *
 * <ul>
 *   <li>{@code ReserveStock} reserves every line or none. An order that already has a reservation (in any status)
 *       gets {@code StockReserved} again, an order that was refused gets the same {@code StockUnavailable}; neither
 *       reserves twice.
 *   <li>{@code ReleaseStock} gives reserved units back; with nothing reserved (or already released) it still
 *       answers {@code StockReleased}.
 *   <li>{@code CommitStock} takes reserved units out of the stock on hand; an already committed reservation
 *       answers {@code StockCommitted} again.
 * </ul>
 *
 * <p>No oversell under concurrency: a command first locks its order, then the stock rows of its SKUs in SKU order
 * ({@code select ... for update}), so two orders competing for a SKU serialize without deadlock, and the database
 * CHECK {@code 0 <= reserved <= on_hand} backs the domain's rule. Everything happens in the caller's transaction,
 * together with the inbox row and the outbox reply, and so does the stock movement log's entry for each line
 * ({@code RESERVED}, {@code RELEASED} or {@code COMMITTED}, with the order id): a repeated command changes nothing and
 * logs nothing.
 *
 * @throws IllegalReservationTransition from {@link #handle} when a reservation is released after being committed, or
 *     committed after being released or without ever being reserved: the saga never asks for that
 */
@Service
public class StockReservation {

    private final Reservations reservations;
    private final Stocks stocks;

    public StockReservation(Reservations reservations, Stocks stocks) {
        this.reservations = reservations;
        this.stocks = stocks;
    }

    /** Carries out {@code command} and returns the reply for the saga. */
    @Transactional
    public StockReply handle(StockCommand command) {
        reservations.lockOrder(command.orderId());
        return switch (command) {
            case ReserveStock reserve -> reserve(reserve);
            case ReleaseStock release -> release(release);
            case CommitStock commit -> commit(commit);
        };
    }

    private StockReply reserve(ReserveStock command) {
        if (reservations.find(command.orderId()).isPresent()) {
            return new StockReserved(command.orderId());
        }
        Optional<StockUnavailable> refused = reservations.findRefusal(command.orderId());
        if (refused.isPresent()) {
            return refused.get();
        }
        var stock =
                stocks.lock(command.lines().stream().map(ReservationLine::sku).toList());
        return switch (Reservation.place(command, stock)) {
            case Attempt.Accepted accepted -> {
                stocks.save(accepted.changes());
                reservations.save(accepted.reservation());
                yield new StockReserved(command.orderId());
            }
            case Attempt.Refused refusal -> {
                StockUnavailable reply = new StockUnavailable(command.orderId(), refusal.shortages());
                reservations.saveRefusal(reply);
                yield reply;
            }
        };
    }

    private StockReply release(ReleaseStock command) {
        Optional<Reservation> reservation = reservations.find(command.orderId());
        if (reservation.isEmpty() || reservation.get().status() == ReservationStatus.RELEASED) {
            return new StockReleased(command.orderId());
        }
        apply(reservation.get().release(stocks.lock(reservation.get().skus())));
        return new StockReleased(command.orderId());
    }

    private StockReply commit(CommitStock command) {
        Reservation reservation = reservations
                .find(command.orderId())
                .orElseThrow(() -> new IllegalReservationTransition(
                        "cannot commit stock of order " + command.orderId() + ": it holds no reservation"));
        if (reservation.status() == ReservationStatus.COMMITTED) {
            return new StockCommitted(command.orderId());
        }
        apply(reservation.commit(stocks.lock(reservation.skus())));
        return new StockCommitted(command.orderId());
    }

    private void apply(Reservation.Change change) {
        stocks.save(change.changes());
        reservations.save(change.reservation());
    }
}
