package dev.shopfloor.inventory.reservation;

/**
 * A transition a reservation cannot make: releasing a committed reservation, committing a released one, or
 * committing stock for an order that holds no reservation.
 */
public class IllegalReservationTransition extends RuntimeException {

    public IllegalReservationTransition(String detail) {
        super(detail);
    }
}
