package dev.shopfloor.payment.account;

import java.util.Optional;

/**
 * The stored accounts. A port because the domain stays free of JDBC, and tests of the application services run on
 * an in-memory implementation.
 */
public interface Accounts {

    /** The account as last committed, without locking it. */
    Optional<Account> find(CustomerId customerId);

    /**
     * The account, locked until the current transaction ends ({@code select ... for update}): every change of an
     * account's balances or limit goes through this, so concurrent changes serialize and none is lost.
     */
    Optional<Account> lock(CustomerId customerId);

    /**
     * Stores a new account.
     *
     * @return {@code false} when an account for the customer already exists (nothing is written)
     */
    boolean add(Account account);

    /** Stores the limit and balances of an account read with {@link #lock}. */
    void update(Account account);
}
