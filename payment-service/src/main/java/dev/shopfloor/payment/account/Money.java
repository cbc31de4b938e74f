package dev.shopfloor.payment.account;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency, with at most two fraction digits (the amount is kept at scale 2, as the
 * database's {@code numeric(19,2)} stores it). May be negative as a value; callers that need a non-negative amount
 * check {@link #isNegative()}.
 *
 * @param amount the amount, at most 2 fraction digits and at most 17 integer digits
 * @param currency the ISO 4217 currency
 * @throws InvalidAmount when the amount has more than 2 fraction digits or does not fit {@code numeric(19,2)}
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(17);

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidAmount("an amount has at most 2 fraction digits, was " + amount.toPlainString());
        }
        if (amount.abs().compareTo(LIMIT) >= 0) {
            throw new InvalidAmount("an amount must be below 10^17, was " + amount.toPlainString());
        }
        amount = amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    /**
     * Reads an amount written as a decimal string, e.g. {@code of("12.50", "EUR")}.
     *
     * @throws InvalidAmount when {@code amount} is not a plain decimal number or has more than 2 fraction digits
     * @throws UnsupportedCurrency when {@code currency} is not an ISO 4217 code
     */
    public static Money of(String amount, String currency) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (!amount.matches("-?[0-9]+(\\.[0-9]+)?")) {
            throw new InvalidAmount("an amount is a decimal string such as \"12.50\", was \"" + amount + "\"");
        }
        Currency parsed;
        try {
            parsed = Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedCurrency("\"" + currency + "\" is not an ISO 4217 currency code");
        }
        return new Money(new BigDecimal(amount), parsed);
    }

    /** Zero in {@code currency}. */
    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** @throws CurrencyMismatch when the currencies differ */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    /** @throws CurrencyMismatch when the currencies differ */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /** @throws CurrencyMismatch when the currencies differ */
    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    /** @throws CurrencyMismatch when the currencies differ */
    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    /** The amount as a decimal string with exactly two fraction digits, e.g. {@code "12.50"}. */
    public String amountString() {
        return amount.toPlainString();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatch("cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amountString() + " " + currency.getCurrencyCode();
    }
}
