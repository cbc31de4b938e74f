package dev.shopfloor.payment.account;

/** Two amounts in different currencies were combined, e.g. an authorization in USD against a EUR account. */
public class CurrencyMismatch extends RuntimeException {

    public CurrencyMismatch(String message) {
        super(message);
    }
}
