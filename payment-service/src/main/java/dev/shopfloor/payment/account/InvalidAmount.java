package dev.shopfloor.payment.account;

/** An amount of money that cannot be represented: more than 2 fraction digits, too large, or not a number. */
public class InvalidAmount extends RuntimeException {

    public InvalidAmount(String message) {
        super(message);
    }
}
