package dev.shopfloor.inventory.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogModelTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    @ParameterizedTest
    @ValueSource(strings = {"AB", "SKU-1", "0-0", "A123456789012345678901234567890123456789"})
    void acceptsSkusOfThePattern(String value) {
        assertThat(Sku.of(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "-AB", "sku-1", "SKU 1", "SKU_1", "A1234567890123456789012345678901234567890"})
    void rejectsSkusOutsideThePattern(String value) {
        assertThatThrownBy(() -> Sku.of(value)).isInstanceOf(InvalidSku.class);
    }

    @Test
    void rejectsMissingSku() {
        assertThatThrownBy(() -> Sku.of(null)).isInstanceOf(InvalidSku.class);
    }

    @Test
    void keepsMoneyAtTwoDecimals() {
        Money money = Money.of(new BigDecimal("12.5"), "EUR");

        assertThat(money.amountText()).isEqualTo("12.50");
        assertThat(money).isEqualTo(new Money(new BigDecimal("12.500"), EUR));
    }

    @Test
    void rejectsMoneyWithMoreThanTwoDecimals() {
        assertThatThrownBy(() -> Money.of(new BigDecimal("12.505"), "EUR")).isInstanceOf(InvalidPrice.class);
    }

    @Test
    void rejectsMoneyTooLargeForTheDatabase() {
        assertThatThrownBy(() -> Money.of(new BigDecimal("100000000000000000"), "EUR"))
                .isInstanceOf(InvalidPrice.class);
    }

    @Test
    void rejectsUnknownCurrencyCodes() {
        assertThatThrownBy(() -> Money.of(BigDecimal.ONE, "XXQ")).isInstanceOf(InvalidPrice.class);
        assertThatThrownBy(() -> Money.of(BigDecimal.ONE, null)).isInstanceOf(InvalidPrice.class);
    }

    @Test
    void rejectsProductWithoutPositivePrice() {
        assertThatThrownBy(() -> new Product(Sku.of("SKU-1"), "Widget", Money.of(BigDecimal.ZERO, "EUR")))
                .isInstanceOf(InvalidPrice.class);
        assertThatThrownBy(() -> new Product(Sku.of("SKU-1"), "Widget", Money.of(new BigDecimal("-1"), "EUR")))
                .isInstanceOf(InvalidPrice.class);
    }

    @Test
    void rejectsProductWithBlankOrTooLongName() {
        Money price = Money.of(BigDecimal.TEN, "EUR");

        assertThatThrownBy(() -> new Product(Sku.of("SKU-1"), " ", price)).isInstanceOf(InvalidProduct.class);
        assertThatThrownBy(() -> new Product(Sku.of("SKU-1"), "x".repeat(201), price))
                .isInstanceOf(InvalidProduct.class);
        assertThat(new Product(Sku.of("SKU-1"), "x".repeat(200), price).name()).hasSize(200);
    }

    @Test
    void countsPagesRoundingUp() {
        assertThat(new Page<>(java.util.List.of(), 0, 20, 0).totalPages()).isZero();
        assertThat(new Page<>(java.util.List.of(), 0, 20, 20).totalPages()).isEqualTo(1);
        assertThat(new Page<>(java.util.List.of(), 0, 20, 21).totalPages()).isEqualTo(2);
    }
}
