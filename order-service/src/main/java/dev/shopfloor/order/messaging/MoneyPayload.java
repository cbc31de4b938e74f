package dev.shopfloor.order.messaging;

import dev.shopfloor.order.domain.Money;

/**
 * Money as every message and response of the platform writes it: {@code {"amount": "12.50", "currency": "EUR"}},
 * the amount a decimal string with exactly two fraction digits.
 */
public record MoneyPayload(String amount, String currency) {

    public static MoneyPayload of(Money money) {
        return new MoneyPayload(money.amountAsString(), money.currency().getCurrencyCode());
    }
}
