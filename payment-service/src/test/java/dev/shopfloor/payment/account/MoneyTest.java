package dev.shopfloor.payment.account;

import static dev.shopfloor.payment.account.TestMoney.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void keepsAmountsAtTwoFractionDigits() {
        assertThat(eur("5").amountString()).isEqualTo("5.00");
        assertThat(eur("12.5").amountString()).isEqualTo("12.50");
        assertThat(eur("12.500").amountString()).isEqualTo("12.50");
    }

    @Test
    void rejectsMoreThanTwoFractionDigits() {
        assertThatThrownBy(() -> eur("1.234")).isInstanceOf(InvalidAmount.class);
    }

    @Test
    void rejectsAmountsThatAreNoPlainDecimal() {
        assertThatThrownBy(() -> eur("12,50")).isInstanceOf(InvalidAmount.class);
        assertThatThrownBy(() -> eur("1e3")).isInstanceOf(InvalidAmount.class);
        assertThatThrownBy(() -> eur("")).isInstanceOf(InvalidAmount.class);
    }

    @Test
    void rejectsAmountsTooLargeForTheDatabase() {
        assertThatThrownBy(() -> eur("100000000000000000")).isInstanceOf(InvalidAmount.class);
        assertThat(eur("99999999999999999.99").amountString()).isEqualTo("99999999999999999.99");
    }

    @Test
    void rejectsUnknownCurrencyCodes() {
        assertThatThrownBy(() -> Money.of("1.00", "EURO")).isInstanceOf(UnsupportedCurrency.class);
    }

    @Test
    void addsAndSubtracts() {
        assertThat(eur("10.25").plus(eur("0.75"))).isEqualTo(eur("11.00"));
        assertThat(eur("10.00").minus(eur("12.50"))).isEqualTo(eur("-2.50"));
        assertThat(eur("-2.50").isNegative()).isTrue();
    }

    @Test
    void refusesToCombineCurrencies() {
        Money dollars = new Money(BigDecimal.ONE, Currency.getInstance("USD"));
        assertThatThrownBy(() -> eur("1.00").plus(dollars)).isInstanceOf(CurrencyMismatch.class);
        assertThatThrownBy(() -> eur("1.00").isGreaterThan(dollars)).isInstanceOf(CurrencyMismatch.class);
    }
}
