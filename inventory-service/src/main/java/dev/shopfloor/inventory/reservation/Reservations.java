package dev.shopfloor.inventory.reservation;

import dev.shopfloor.inventory.reservation.StockReply.StockUnavailable;
import java.util.Optional;

/** Reservations per order, and the refusals given to orders whose stock was short. */
public interface Reservations {

    /**
     * Serializes every command about this order until the transaction ends (a transaction-scoped lock on the order
     * id). Take it before locking any stock row, so locks are always taken in the same order.
     */
    void lockOrder(OrderId orderId);

    /** The reservation of the order, in whatever status. */
    Optional<Reservation> find(OrderId orderId);

    /** Inserts the reservation, or updates its status. */
    void save(Reservation reservation);

    /** The refusal given to the order, if its stock was short. */
    Optional<StockUnavailable> findRefusal(OrderId orderId);

    /** Records the refusal given to an order, so a repeated command gets the same answer. */
    void saveRefusal(StockUnavailable refusal);
}
