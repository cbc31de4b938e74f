package dev.shopfloor.inventory.reservation;

/**
 * Where an order's reservation stands: {@code RESERVED}, then either {@code RELEASED} (compensated) or
 * {@code COMMITTED} (the order was approved). Both ends are final.
 */
public enum ReservationStatus {
    RESERVED,
    RELEASED,
    COMMITTED
}
