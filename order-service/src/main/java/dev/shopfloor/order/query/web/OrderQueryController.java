package dev.shopfloor.order.query.web;

import dev.shopfloor.order.domain.Order;
import dev.shopfloor.order.domain.OrderId;
import dev.shopfloor.order.domain.OrderNotFound;
import dev.shopfloor.order.messaging.MoneyPayload;
import dev.shopfloor.order.persistence.Orders;
import dev.shopfloor.security.Caller;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/orders/{orderId}}: one order as stored by this service (the "legacy" side of the gateway's
 * strangler routing; read-model-service answers the same JSON). An id that is not a positive decimal number, or
 * names no order, is a 404.
 */
@RestController
@RequestMapping("/api/orders")
class OrderQueryController {

    private final Orders orders;

    OrderQueryController(Orders orders) {
        this.orders = orders;
    }

    @GetMapping("/{orderId}")
    OrderView order(@PathVariable String orderId, Caller caller) {
        // another customer's order is answered exactly like an unknown one
        Order order = OrderId.parse(orderId)
                .flatMap(orders::find)
                .filter(found -> caller.mayActFor(found.customerId()))
                .orElseThrow(() -> new OrderNotFound(orderId));
        return OrderView.of(order);
    }

    /**
     * An order as the public API shows it.
     *
     * @param rejectionReason {@code null} unless the status is {@code REJECTED}
     * @param createdAt ISO-8601 in UTC
     */
    record OrderView(
            String orderId,
            String customerId,
            String status,
            String rejectionReason,
            List<Item> items,
            MoneyPayload total,
            String createdAt,
            String updatedAt) {

        record Item(String sku, int quantity, MoneyPayload unitPrice) {}

        static OrderView of(Order order) {
            return new OrderView(
                    order.id().toString(),
                    order.customerId(),
                    order.status().name(),
                    order.rejectionReason().map(Enum::name).orElse(null),
                    order.lines().stream()
                            .map(line -> new Item(line.sku(), line.quantity(), MoneyPayload.of(line.unitPrice())))
                            .toList(),
                    MoneyPayload.of(order.total()),
                    order.createdAt().toString(),
                    order.updatedAt().toString());
        }
    }
}
