package dev.shopfloor.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrderIdTest {

    @Test
    void parsesPositiveDecimalIds() {
        assertThat(OrderId.parse("73923710534123520")).contains(new OrderId(73923710534123520L));
        assertThat(OrderId.parse(Long.toString(Long.MAX_VALUE))).contains(new OrderId(Long.MAX_VALUE));
    }

    @Test
    void findsNothingInTextThatIsNotAnOrderId() {
        assertThat(OrderId.parse(null)).isEmpty();
        assertThat(OrderId.parse("")).isEmpty();
        assertThat(OrderId.parse("abc")).isEmpty();
        assertThat(OrderId.parse("-5")).isEmpty();
        assertThat(OrderId.parse("+5")).isEmpty();
        assertThat(OrderId.parse("0")).isEmpty();
        assertThat(OrderId.parse("9223372036854775808")).isEmpty();
        assertThat(OrderId.parse("12345678901234567890")).isEmpty();
    }

    @Test
    void writesTheDecimalForm() {
        assertThat(new OrderId(42).toString()).isEqualTo("42");
    }

    @Test
    void refusesNonPositiveValues() {
        assertThatThrownBy(() -> new OrderId(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
