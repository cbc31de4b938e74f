package dev.shopfloor.order.placement.messaging;

import dev.shopfloor.messaging.MessageType;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.messaging.outbox.Outbox;
import dev.shopfloor.order.domain.Order;
import dev.shopfloor.order.messaging.MoneyPayload;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Announces a placed order: writes {@code order.OrderCreated.v1} to the outbox (topic {@code order.events}, key and
 * correlation id the order id, no saga yet), in the caller's transaction.
 */
@Component
public class OrderCreatedPublisher {

    /** The message type this publisher writes. */
    public static final MessageType ORDER_CREATED = MessageType.of("order.OrderCreated.v1");

    private final Outbox outbox;

    public OrderCreatedPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Appends the event for {@code order}; must run inside the transaction that stores the order. */
    public void orderCreated(Order order) {
        String orderId = order.id().toString();
        outbox.append(new OutboundMessage(Topics.ORDER_EVENTS, orderId, ORDER_CREATED, null, orderId, payload(order)));
    }

    /** The JSON body of {@code order.OrderCreated.v1} for {@code order}. */
    static OrderCreated payload(Order order) {
        return new OrderCreated(
                order.id().toString(),
                order.customerId(),
                order.lines().stream()
                        .map(line ->
                                new OrderCreated.Item(line.sku(), line.quantity(), MoneyPayload.of(line.unitPrice())))
                        .toList(),
                MoneyPayload.of(order.total()),
                order.createdAt().toString());
    }

    /**
     * Body of {@code order.OrderCreated.v1}.
     *
     * @param createdAt ISO-8601 in UTC
     */
    record OrderCreated(String orderId, String customerId, List<Item> items, MoneyPayload total, String createdAt) {

        record Item(String sku, int quantity, MoneyPayload unitPrice) {}
    }
}
