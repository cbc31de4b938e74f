package dev.shopfloor.payment.authorization;

import java.util.Optional;

/** The stored authorizations, one per order. A port for the same reasons as {@code Accounts}. */
public interface Authorizations {

    /** The order's authorization as last committed, without locking it. */
    Optional<Authorization> find(OrderId orderId);

    /** The order's authorization, locked until the current transaction ends ({@code select ... for update}). */
    Optional<Authorization> lock(OrderId orderId);

    /**
     * Stores a new authorization.
     *
     * @throws IllegalStateException when the order already has one (two concurrent first authorizations of one
     *     order: the loser's transaction rolls back and its retry finds the winner's)
     */
    void add(Authorization authorization);

    /** Stores the status of an authorization read with {@link #lock}. */
    void update(Authorization authorization);
}
