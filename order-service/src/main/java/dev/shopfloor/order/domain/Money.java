package dev.shopfloor.order.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency, as the platform stores it ({@code numeric(19,2)}) and writes it in JSON
 * ({@code {"amount": "12.50", "currency": "EUR"}}).
 *
 * <p>The amount is normalised to exactly two fraction digits, so {@code 12.5 EUR} equals {@code 12.50 EUR}.
 *
 * @param amount zero or more, at most two fraction digits and at most 17 integer digits
 * @param currency an ISO 4217 currency
 * @throws IllegalArgumentException when the amount is negative, has more than two fraction digits or does not fit
 *     {@code numeric(19,2)}; {@link NullPointerException} when either part is missing
 */
public record Money(BigDecimal amount, Currency currency) {

    /** Fraction digits of every amount. */
    public static final int SCALE = 2;

    private static final int MAX_INTEGER_DIGITS = 17;

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount.toPlainString());
        }
        if (amount.scale() > SCALE) {
            throw new IllegalArgumentException(
                    "amount must have at most " + SCALE + " fraction digits, was " + amount.toPlainString());
        }
        amount = amount.setScale(SCALE, RoundingMode.UNNECESSARY);
        if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("amount is too large: " + amount.toPlainString());
        }
    }

    /** {@code amount} (a decimal string such as {@code "12.50"}) in the currency with ISO code {@code currencyCode}. */
    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    /** Nothing, in {@code currency}. */
    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /**
     * The sum of this and {@code other}.
     *
     * @throws IllegalArgumentException when the currencies differ or the sum is too large
     */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    /**
     * This amount taken {@code factor} times, e.g. a unit price times a quantity.
     *
     * @throws IllegalArgumentException when {@code factor} is negative or the product is too large
     */
    public Money times(int factor) {
        if (factor < 0) {
            throw new IllegalArgumentException("factor must not be negative, was " + factor);
        }
        return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
    }

    /** The amount as a plain decimal string with two fraction digits, e.g. {@code "12.50"}. */
    public String amountAsString() {
        return amount.toPlainString();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(
                    "cannot add " + other.currency.getCurrencyCode() + " to " + currency.getCurrencyCode());
        }
    }

    @Override
    public String toString() {
        return amountAsString() + " " + currency.getCurrencyCode();
    }
}
