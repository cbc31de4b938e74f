package dev.shopfloor.saga.createorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void normalizesTheAmountToTwoFractionDigits() {
        assertThat(Money.of("12.5", "EUR").amount()).isEqualTo(new BigDecimal("12.50"));
        assertThat(Money.of("12.500", "EUR")).isEqualTo(Money.of("12.50", "EUR"));
    }

    @Test
    void rejectsMoreThanTwoFractionDigits() {
        assertThatThrownBy(() -> Money.of("12.505", "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 fraction digits");
    }

    @Test
    void rejectsANegativeAmount() {
        assertThatThrownBy(() -> Money.of("-0.01", "EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnAmountTooLargeForNumeric19Scale2() {
        assertThatThrownBy(() -> new Money(new BigDecimal("123456789012345678"), Currency.getInstance("EUR")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Money(new BigDecimal("12345678901234567"), Currency.getInstance("EUR"))
                        .amount()
                        .precision())
                .isEqualTo(19);
    }

    @Test
    void rejectsAnUnknownCurrency() {
        assertThatThrownBy(() -> Money.of("1.00", "XYZW")).isInstanceOf(IllegalArgumentException.class);
    }
}
