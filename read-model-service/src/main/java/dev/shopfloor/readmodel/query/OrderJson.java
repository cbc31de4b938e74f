package dev.shopfloor.readmodel.query;

import dev.shopfloor.readmodel.projection.OrderView;
import java.math.BigDecimal;
import java.util.List;

/**
 * An order as the public API shows it, field for field what order-service answers for
 * {@code GET /api/orders/{orderId}} (DESIGN.md §8), so the gateway can serve either side.
 *
 * @param orderId the Snowflake id as a decimal string
 * @param rejectionReason null unless the status is {@code REJECTED}
 * @param createdAt ISO-8601 in UTC ({@link java.time.Instant#toString()})
 */
public record OrderJson(
        String orderId,
        String customerId,
        String status,
        String rejectionReason,
        List<Item> items,
        MoneyJson total,
        String createdAt,
        String updatedAt) {

    /** One line: the SKU, how many, and the unit price snapshotted at placement. */
    public record Item(String sku, int quantity, MoneyJson unitPrice) {}

    /** Money as the platform writes it: {@code {"amount": "12.50", "currency": "EUR"}}. */
    public record MoneyJson(String amount, String currency) {

        static MoneyJson of(BigDecimal amount, String currency) {
            return new MoneyJson(amount.setScale(2).toPlainString(), currency);
        }
    }

    /** @throws IllegalArgumentException when the view is not complete (has no order row) */
    public static OrderJson of(OrderView view) {
        OrderView.Header header = view.header();
        if (header == null) {
            throw new IllegalArgumentException("order " + view.orderId() + " is not complete");
        }
        return new OrderJson(
                Long.toString(view.orderId()),
                header.customerId(),
                header.status(),
                header.rejectionReason(),
                view.items().values().stream()
                        .map(item ->
                                new Item(item.sku(), item.quantity(), MoneyJson.of(item.unitPrice(), item.currency())))
                        .toList(),
                MoneyJson.of(header.total(), header.currency()),
                header.createdAt().toString(),
                header.updatedAt().toString());
    }
}
