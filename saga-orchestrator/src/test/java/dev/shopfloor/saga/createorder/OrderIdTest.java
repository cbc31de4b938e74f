package dev.shopfloor.saga.createorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "7231048573012345678", "9223372036854775807"})
    void readsPositiveDecimalIds(String text) {
        assertThat(OrderId.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-5", "+5", "abc", "12a", "9223372036854775808", " 12"})
    void rejectsAnythingElse(String text) {
        assertThatThrownBy(() -> OrderId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
