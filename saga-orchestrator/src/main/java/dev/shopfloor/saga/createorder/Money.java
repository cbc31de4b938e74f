package dev.shopfloor.saga.createorder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency; stored as {@code numeric(19,2)}, written in messages as
 * {@code {"amount": "12.50", "currency": "EUR"}}.
 *
 * @param amount zero or more, at most 2 fraction digits and 17 integer digits; normalized to scale 2
 * @param currency an ISO 4217 currency
 * @throws IllegalArgumentException on a negative amount, more than 2 fraction digits or too many digits
 */
public record Money(BigDecimal amount, Currency currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount.toPlainString());
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException(
                    "amount must have at most 2 fraction digits, was " + amount.toPlainString());
        }
        amount = amount.setScale(2, RoundingMode.UNNECESSARY);
        if (amount.precision() > 19) {
            throw new IllegalArgumentException("amount has more than 17 integer digits: " + amount.toPlainString());
        }
    }

    /**
     * @param amount a decimal string such as {@code "12.50"}
     * @param currency an ISO 4217 code such as {@code "EUR"}
     * @throws IllegalArgumentException when either does not parse, or the amount breaks the rules above
     */
    public static Money of(String amount, String currency) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        return new Money(new BigDecimal(amount), Currency.getInstance(currency));
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
