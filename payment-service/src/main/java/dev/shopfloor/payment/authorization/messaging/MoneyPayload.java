package dev.shopfloor.payment.authorization.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shopfloor.payment.account.InvalidAmount;
import dev.shopfloor.payment.account.Money;
import dev.shopfloor.payment.account.UnsupportedCurrency;

/**
 * Money as messages carry it: {@code {"amount": "12.50", "currency": "EUR"}}, the amount a decimal string with two
 * fraction digits.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record MoneyPayload(String amount, String currency) {

    static MoneyPayload of(Money money) {
        return new MoneyPayload(money.amountString(), money.currency().getCurrencyCode());
    }

    /**
     * @throws InvalidAmount when the amount is missing or not a decimal string with at
     *     most two fraction digits
     * @throws UnsupportedCurrency when the currency is missing or unknown
     */
    Money toMoney() {
        if (amount == null) {
            throw new InvalidAmount("money has no amount");
        }
        if (currency == null) {
            throw new UnsupportedCurrency("money has no currency");
        }
        return Money.of(amount, currency);
    }
}
