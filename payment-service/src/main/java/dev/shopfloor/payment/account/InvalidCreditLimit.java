package dev.shopfloor.payment.account;

/** A credit limit that no account may have: a negative amount. */
public class InvalidCreditLimit extends RuntimeException {

    public InvalidCreditLimit(String message) {
        super(message);
    }
}
