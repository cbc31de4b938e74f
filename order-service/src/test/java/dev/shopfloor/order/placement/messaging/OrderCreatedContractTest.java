package dev.shopfloor.order.placement.messaging;

import static dev.shopfloor.order.domain.OrderBuilder.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.order.domain.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What the service writes as {@code order.OrderCreated.v1} validates against the contract's schema. */
class OrderCreatedContractTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void writesOrderCreatedThatValidates() {
        Order order = anOrder()
                .withId(73923710534123520L)
                .withCustomer("alice.smith")
                .withLine("WIDGET-1", 2, "12.50")
                .withLine("GADGET-22", 1, "0.99")
                .build();

        String body = json.writeValueAsString(OrderCreatedPublisher.payload(order));

        Contracts.load().validate("order.OrderCreated.v1", body);
        assertThat(body)
                .contains("\"orderId\":\"73923710534123520\"")
                .contains("\"total\":{\"amount\":\"25.99\",\"currency\":\"EUR\"}")
                .contains("\"createdAt\":\"2026-03-01T10:15:30Z\"");
    }

    @Test
    void writesOrderCreatedWithWholeAmountsThatValidates() {
        Order order = anOrder().withLine("SKU-1", 3, "10").build();

        String body = json.writeValueAsString(OrderCreatedPublisher.payload(order));

        Contracts.load().validate("order.OrderCreated.v1", body);
        assertThat(body).contains("\"unitPrice\":{\"amount\":\"10.00\",\"currency\":\"EUR\"}");
    }
}
