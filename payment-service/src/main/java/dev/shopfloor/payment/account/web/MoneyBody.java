package dev.shopfloor.payment.account.web;

import dev.shopfloor.payment.account.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Money in the HTTP API: {@code {"amount": "500.00", "currency": "EUR"}}. A malformed amount is a 400; one with more
 * than two fraction digits, a negative one or another currency than the platform's is a 422.
 *
 * @param amount a decimal string, e.g. {@code "500.00"}
 * @param currency an ISO 4217 code
 */
@Schema(name = "Money", description = "An amount of money; the amount is a decimal string with two fraction digits")
record MoneyBody(
        @Schema(example = "500.00")
        @NotNull
        @Pattern(regexp = "-?[0-9]{1,40}(\\.[0-9]{1,40})?", message = "must be a decimal string such as \"12.50\"")
        String amount,

        @Schema(example = "EUR") @NotBlank String currency) {

    static MoneyBody of(Money money) {
        return new MoneyBody(money.amountString(), money.currency().getCurrencyCode());
    }

    Money toMoney() {
        return Money.of(amount, currency);
    }
}
