package dev.shopfloor.payment.account;

/** A currency the payment service does not keep accounts in (only the platform currency), or no currency at all. */
public class UnsupportedCurrency extends RuntimeException {

    public UnsupportedCurrency(String message) {
        super(message);
    }
}
