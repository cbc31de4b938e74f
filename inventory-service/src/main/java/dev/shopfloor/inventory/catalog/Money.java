package dev.shopfloor.inventory.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency, with at most two fraction digits (stored as {@code numeric(19,2)}).
 *
 * <p>The amount is kept at scale 2, so {@code 12.5} and {@code 12.50} are the same value; its JSON form is the
 * decimal string {@link #amountText()} ({@code "12.50"}) beside the ISO 4217 code.
 *
 * @param amount the amount, at most 2 fraction digits and at most 17 integer digits
 * @param currency the ISO 4217 currency
 * @throws InvalidPrice when the amount has more than 2 fraction digits or does not fit {@code numeric(19,2)}
 */
public record Money(BigDecimal amount, Currency currency) {

    private static final int SCALE = 2;
    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(17);

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.stripTrailingZeros().scale() > SCALE) {
            throw new InvalidPrice("amount " + amount.toPlainString() + " has more than " + SCALE + " decimals");
        }
        if (amount.abs().compareTo(LIMIT) >= 0) {
            throw new InvalidPrice("amount " + amount.toPlainString() + " is too large");
        }
        amount = amount.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    /**
     * Reads an amount in the currency with ISO 4217 code {@code currencyCode}.
     *
     * @throws InvalidPrice when the code is not an ISO 4217 currency, or the amount is not acceptable (see above)
     */
    public static Money of(BigDecimal amount, String currencyCode) {
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidPrice("'" + currencyCode + "' is not an ISO 4217 currency code");
        }
        return new Money(amount, currency);
    }

    /** Whether the amount is greater than zero. */
    public boolean isPositive() {
        return amount.signum() > 0;
    }

    /** The amount as a plain decimal string with two fraction digits, e.g. {@code "12.50"}. */
    public String amountText() {
        return amount.toPlainString();
    }

    @Override
    public String toString() {
        return amountText() + " " + currency.getCurrencyCode();
    }
}
