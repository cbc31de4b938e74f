package dev.shopfloor.payment.account;

/** Shorthand for money in tests. */
public final class TestMoney {

    private TestMoney() {}

    /** {@code eur("12.50")}. */
    public static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }
}
