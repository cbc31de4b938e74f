package dev.shopfloor.order.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test-data builder: {@code anOrder().withLine("SKU-1", 2, "12.50").build()}. */
public final class OrderBuilder {

    public static final Instant PLACED_AT = Instant.parse("2026-03-01T10:15:30Z");

    private long id = 42;
    private String customerId = "customer-1";
    private final List<OrderLine> lines = new ArrayList<>();

    private OrderBuilder() {}

    public static OrderBuilder anOrder() {
        return new OrderBuilder();
    }

    public OrderBuilder withId(long id) {
        this.id = id;
        return this;
    }

    public OrderBuilder withCustomer(String customerId) {
        this.customerId = customerId;
        return this;
    }

    public OrderBuilder withLine(String sku, int quantity, String unitPriceEur) {
        lines.add(new OrderLine(sku, quantity, Money.of(unitPriceEur, "EUR")));
        return this;
    }

    public OrderBuilder withLine(OrderLine line) {
        lines.add(line);
        return this;
    }

    public Order build() {
        List<OrderLine> orderLines =
                lines.isEmpty() ? List.of(new OrderLine("SKU-1", 1, Money.of("9.99", "EUR"))) : lines;
        return Order.place(new OrderId(id), customerId, orderLines, PLACED_AT);
    }
}
