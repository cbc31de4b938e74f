package dev.shopfloor.payment.account;

/** An amount larger than the account's available credit was to be reserved. */
public class InsufficientCredit extends RuntimeException {

    public InsufficientCredit(CustomerId customerId, Money requested, Money available) {
        super("customer " + customerId + " has " + available + " available, cannot reserve " + requested);
    }
}
