package dev.shopfloor.payment.account;

import java.util.Currency;
import java.util.Objects;

/**
 * A customer's credit account: a credit limit, the credit reserved by open authorizations and the credit used by
 * captured ones, all in the account's currency. Available credit is {@code creditLimit - reserved - used} and never
 * negative: every transition keeps {@code reserved >= 0}, {@code used >= 0} and {@code reserved + used <=
 * creditLimit} (the database enforces the same with CHECK constraints).
 */
public final class Account {

    private final CustomerId customerId;
    private Money creditLimit;
    private Money reserved;
    private Money used;

    private Account(CustomerId customerId, Money creditLimit, Money reserved, Money used) {
        this.customerId = Objects.requireNonNull(customerId, "customerId");
        this.creditLimit = Objects.requireNonNull(creditLimit, "creditLimit");
        this.reserved = Objects.requireNonNull(reserved, "reserved");
        this.used = Objects.requireNonNull(used, "used");
    }

    /**
     * Opens an account with nothing reserved or used.
     *
     * @throws InvalidCreditLimit when {@code creditLimit} is negative
     */
    public static Account open(CustomerId customerId, Money creditLimit) {
        requireValidLimit(creditLimit);
        Money zero = Money.zero(creditLimit.currency());
        return new Account(customerId, creditLimit, zero, zero);
    }

    /**
     * Rebuilds an account from stored state.
     *
     * @throws IllegalStateException when the balances break the account's invariants or mix currencies
     */
    public static Account restore(CustomerId customerId, Money creditLimit, Money reserved, Money used) {
        Account account = new Account(customerId, creditLimit, reserved, used);
        if (creditLimit.isNegative()
                || reserved.isNegative()
                || used.isNegative()
                || account.committed().isGreaterThan(creditLimit)) {
            throw new IllegalStateException("account " + customerId + " has inconsistent balances: limit " + creditLimit
                    + ", reserved " + reserved + ", used " + used);
        }
        return account;
    }

    /** Credit that new authorizations may still reserve: {@code creditLimit - reserved - used}. */
    public Money available() {
        return creditLimit.minus(committed());
    }

    /** Credit already spoken for: {@code reserved + used}. */
    public Money committed() {
        return reserved.plus(used);
    }

    /** Whether {@code amount} fits into the available credit. @throws CurrencyMismatch for another currency */
    public boolean canReserve(Money amount) {
        return !amount.isGreaterThan(available());
    }

    /**
     * Sets a new credit limit, higher or lower.
     *
     * @throws InvalidCreditLimit when the limit is negative
     * @throws CurrencyMismatch when the limit is in another currency than the account
     * @throws CreditLimitBelowCommitment when the limit is below {@code reserved + used}
     */
    public void changeCreditLimit(Money newLimit) {
        requireValidLimit(newLimit);
        if (committed().isGreaterThan(newLimit)) {
            throw new CreditLimitBelowCommitment(customerId, newLimit, committed());
        }
        this.creditLimit = newLimit;
    }

    /**
     * Reserves {@code amount} of the available credit for an authorization.
     *
     * @throws InsufficientCredit when {@code amount} exceeds the available credit
     * @throws IllegalArgumentException when {@code amount} is negative
     * @throws CurrencyMismatch when {@code amount} is in another currency
     */
    public void reserve(Money amount) {
        requireNotNegative(amount);
        if (!canReserve(amount)) {
            throw new InsufficientCredit(customerId, amount, available());
        }
        this.reserved = reserved.plus(amount);
    }

    /**
     * Gives back reserved credit of a voided authorization.
     *
     * @throws IllegalStateException when less than {@code amount} is reserved
     */
    public void releaseReservation(Money amount) {
        requireNotNegative(amount);
        requireReserved(amount);
        this.reserved = reserved.minus(amount);
    }

    /**
     * Turns reserved credit of a captured authorization into used credit.
     *
     * @throws IllegalStateException when less than {@code amount} is reserved
     */
    public void captureReservation(Money amount) {
        requireNotNegative(amount);
        requireReserved(amount);
        this.reserved = reserved.minus(amount);
        this.used = used.plus(amount);
    }

    public CustomerId customerId() {
        return customerId;
    }

    public Currency currency() {
        return creditLimit.currency();
    }

    public Money creditLimit() {
        return creditLimit;
    }

    public Money reserved() {
        return reserved;
    }

    public Money used() {
        return used;
    }

    private static void requireValidLimit(Money creditLimit) {
        if (creditLimit.isNegative()) {
            throw new InvalidCreditLimit("a credit limit cannot be negative, was " + creditLimit);
        }
    }

    private static void requireNotNegative(Money amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount cannot be negative, was " + amount);
        }
    }

    private void requireReserved(Money amount) {
        if (amount.isGreaterThan(reserved)) {
            throw new IllegalStateException(
                    "account " + customerId + " has only " + reserved + " reserved, cannot settle " + amount);
        }
    }

    @Override
    public String toString() {
        return "Account[" + customerId + ", limit " + creditLimit + ", reserved " + reserved + ", used " + used + "]";
    }
}
