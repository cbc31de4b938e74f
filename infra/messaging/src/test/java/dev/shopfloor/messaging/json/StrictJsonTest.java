package dev.shopfloor.messaging.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class StrictJsonTest {

    record Line(String sku, int quantity) {}

    record Order(String customerId, List<Line> items) {}

    record Amount(BigDecimal amount, String currency) {}

    private final JsonMapper json = StrictJson.apply(JsonMapper.builder()).build();

    @Test
    void readsWellTypedInputAndIgnoresUnknownFields() {
        Order order = json.readValue(
                "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"A-1\",\"quantity\":2,\"price\":9}],\"extra\":true}",
                Order.class);
        assertThat(order).isEqualTo(new Order("c-1", List.of(new Line("A-1", 2))));
    }

    @Test
    void readsDecimalStringsIntoBigDecimalWithTheirScale() {
        assertThat(json.readValue("{\"amount\":\"12.50\",\"currency\":\"EUR\"}", Amount.class)
                        .amount())
                .isEqualByComparingTo("12.50")
                .hasToString("12.50");
    }

    @Test
    void refusesAFractionalQuantity() {
        assertThatThrownBy(() -> json.readValue("{\"sku\":\"A-1\",\"quantity\":1.5}", Line.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> json.readValue("{\"sku\":\"A-1\",\"quantity\":1e3}", Line.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void refusesAQuantityWrittenAsAString() {
        assertThatThrownBy(() -> json.readValue("{\"sku\":\"A-1\",\"quantity\":\"2\"}", Line.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void refusesANumberWhereTextIsExpected() {
        assertThatThrownBy(() -> json.readValue("{\"customerId\":123,\"items\":[]}", Order.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void refusesDuplicateKeys() {
        assertThatThrownBy(
                        () -> json.readValue("{\"customerId\":\"a\",\"customerId\":\"b\",\"items\":[]}", Order.class))
                .isInstanceOf(JacksonException.class);
    }
}
