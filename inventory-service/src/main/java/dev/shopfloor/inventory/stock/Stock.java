package dev.shopfloor.inventory.stock;

import dev.shopfloor.inventory.catalog.Sku;
import java.util.Objects;

/**
 * The stock of one product, in units. Immutable: each transition returns the new stock.
 *
 * <p>Invariant (also a database CHECK): {@code 0 <= reserved <= onHand}, so {@link #available()} is never negative
 * and no order is promised a unit that is not on hand.
 *
 * @param sku the product
 * @param onHand units physically in stock, including reserved ones
 * @param reserved units promised to orders that are not committed or released yet
 * @throws IllegalStockChange when the invariant does not hold
 */
public record Stock(Sku sku, int onHand, int reserved) {

    public Stock {
        Objects.requireNonNull(sku, "sku");
        if (onHand < 0 || reserved < 0 || reserved > onHand) {
            throw new IllegalStockChange(
                    sku, "stock must hold 0 <= reserved <= onHand, was onHand " + onHand + ", reserved " + reserved);
        }
    }

    /** The stock of a product that has never received any units. */
    public static Stock empty(Sku sku) {
        return new Stock(sku, 0, 0);
    }

    /** Units that can still be reserved: on hand minus reserved. */
    public int available() {
        return onHand - reserved;
    }

    /**
     * Carries out a movement of this stock: {@link #receive}, {@link #reserve}, {@link #release} or {@link #commit}
     * by its kind. The answer pairs the new stock with the movement, for {@link Stocks#save} to write together.
     *
     * @throws IllegalArgumentException when the movement is about another SKU
     * @throws InsufficientStock when a reservation asks for more units than are available
     * @throws IllegalStockChange when the transition would break the invariant (see the transitions)
     */
    public StockChange apply(StockMovement movement) {
        if (!movement.sku().equals(sku)) {
            throw new IllegalArgumentException(movement + " does not move the stock of " + sku);
        }
        Stock after = switch (movement) {
            case StockMovement.Received received -> receive(received.quantity());
            case StockMovement.Reserved reservation -> reserve(reservation.quantity());
            case StockMovement.Released release -> release(release.quantity());
            case StockMovement.Committed commitment -> commit(commitment.quantity());
        };
        return new StockChange(this, after, movement);
    }

    /**
     * Adds received units to the stock on hand.
     *
     * @throws IllegalStockChange when {@code quantity < 1} or the stock would exceed {@link Integer#MAX_VALUE}
     */
    public Stock receive(int quantity) {
        requirePositive(quantity);
        try {
            return new Stock(sku, Math.addExact(onHand, quantity), reserved);
        } catch (ArithmeticException e) {
            throw new IllegalStockChange(sku, "receiving " + quantity + " units would exceed " + Integer.MAX_VALUE);
        }
    }

    /**
     * Reserves units for an order.
     *
     * @throws InsufficientStock when fewer than {@code quantity} units are available
     * @throws IllegalStockChange when {@code quantity < 1}
     */
    public Stock reserve(int quantity) {
        requirePositive(quantity);
        if (quantity > available()) {
            throw new InsufficientStock(sku, quantity, available());
        }
        return new Stock(sku, onHand, reserved + quantity);
    }

    /**
     * Gives reserved units back: they become available again.
     *
     * @throws IllegalStockChange when {@code quantity < 1} or more than {@code reserved}
     */
    public Stock release(int quantity) {
        requireReserved(quantity);
        return new Stock(sku, onHand, reserved - quantity);
    }

    /**
     * Hands reserved units over to their order: they leave the stock on hand.
     *
     * @throws IllegalStockChange when {@code quantity < 1} or more than {@code reserved}
     */
    public Stock commit(int quantity) {
        requireReserved(quantity);
        return new Stock(sku, onHand - quantity, reserved - quantity);
    }

    private void requireReserved(int quantity) {
        requirePositive(quantity);
        if (quantity > reserved) {
            throw new IllegalStockChange(sku, "cannot take " + quantity + " units out of " + reserved + " reserved");
        }
    }

    private void requirePositive(int quantity) {
        if (quantity < 1) {
            throw new IllegalStockChange(sku, "quantity must be at least 1, was " + quantity);
        }
    }
}
