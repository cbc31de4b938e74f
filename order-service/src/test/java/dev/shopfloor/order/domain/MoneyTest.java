package dev.shopfloor.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void normalisesAmountToTwoFractionDigits() {
        Money money = new Money(new BigDecimal("12.5"), EUR);

        assertThat(money.amountAsString()).isEqualTo("12.50");
        assertThat(money).isEqualTo(Money.of("12.50", "EUR"));
    }

    @Test
    void writesWholeAmountsWithTwoFractionDigits() {
        assertThat(Money.of("7", "EUR").amountAsString()).isEqualTo("7.00");
        assertThat(new Money(new BigDecimal("1E+3"), EUR).amountAsString()).isEqualTo("1000.00");
    }

    @Test
    void refusesMoreThanTwoFractionDigits() {
        assertThatThrownBy(() -> Money.of("1.005", "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("1.000", "EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNegativeAmounts() {
        assertThatThrownBy(() -> Money.of("-0.01", "EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAmountsThatDoNotFitNumeric19Scale2() {
        assertThat(Money.of("99999999999999999.99", "EUR").amountAsString()).isEqualTo("99999999999999999.99");
        assertThatThrownBy(() -> Money.of("100000000000000000.00", "EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMissingParts() {
        assertThatThrownBy(() -> new Money(null, EUR)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Money(BigDecimal.ONE, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void addsAmountsOfTheSameCurrency() {
        assertThat(Money.of("0.10", "EUR").plus(Money.of("0.20", "EUR"))).isEqualTo(Money.of("0.30", "EUR"));
    }

    @Test
    void refusesToAddDifferentCurrencies() {
        assertThatThrownBy(() -> Money.of("1.00", "EUR").plus(Money.of("1.00", "USD")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("USD");
    }

    @Test
    void multipliesByAQuantity() {
        assertThat(Money.of("19.99", "EUR").times(3)).isEqualTo(Money.of("59.97", "EUR"));
        assertThat(Money.of("19.99", "EUR").times(0)).isEqualTo(Money.zero(EUR));
    }

    @Test
    void refusesNegativeFactor() {
        assertThatThrownBy(() -> Money.of("1.00", "EUR").times(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesUnknownCurrencyCode() {
        assertThatThrownBy(() -> Money.of("1.00", "XYZW")).isInstanceOf(IllegalArgumentException.class);
    }
}
