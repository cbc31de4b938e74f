package dev.shopfloor.saga.createorder;

import java.util.List;
import java.util.Objects;

/**
 * What can happen to a {@link CreateOrderSaga}: the event that starts it and the participants' replies (event
 * catalog, {@code docs/event-catalog.md}). Only the fields the saga uses are kept; the adapters read the rest of a
 * message's body and drop it.
 */
public sealed interface SagaEvent {

    /** The order this event is about; the saga only accepts events of its own order. */
    OrderId orderId();

    /**
     * The order service stored a new {@code PENDING} order ({@code order.OrderCreated.v1}).
     *
     * @param items at least one line
     * @param total what the customer is charged
     */
    record OrderCreated(OrderId orderId, CustomerId customerId, List<OrderLine> items, Money total)
            implements SagaEvent {
        public OrderCreated {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(total, "total");
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("order " + orderId + " has no items");
            }
        }
    }

    /** Inventory reserved every line ({@code inventory.StockReserved.v1}). */
    record StockReserved(OrderId orderId) implements SagaEvent {}

    /** Inventory could not reserve every line and reserved none ({@code inventory.StockUnavailable.v1}). */
    record StockUnavailable(OrderId orderId) implements SagaEvent {}

    /** Inventory released the order's reservation ({@code inventory.StockReleased.v1}). */
    record StockReleased(OrderId orderId) implements SagaEvent {}

    /** Inventory turned the reservation into a sale ({@code inventory.StockCommitted.v1}). */
    record StockCommitted(OrderId orderId) implements SagaEvent {}

    /**
     * Payment authorized the amount on the customer's account ({@code payment.PaymentAuthorized.v1}).
     *
     * @param amount the authorized amount
     */
    record PaymentAuthorized(OrderId orderId, Money amount) implements SagaEvent {}

    /**
     * Payment declined the authorization ({@code payment.PaymentDeclined.v1}).
     *
     * @param reason the payment service's reason, {@code NO_ACCOUNT} or {@code INSUFFICIENT_CREDIT}
     */
    record PaymentDeclined(OrderId orderId, String reason) implements SagaEvent {}

    /** Payment released an authorization ({@code payment.PaymentVoided.v1}). */
    record PaymentVoided(OrderId orderId) implements SagaEvent {}

    /** Payment turned the authorization into used credit ({@code payment.PaymentCaptured.v1}). */
    record PaymentCaptured(OrderId orderId) implements SagaEvent {}

    /** The order service approved the order ({@code order.OrderApproved.v1}). */
    record OrderApproved(OrderId orderId) implements SagaEvent {}

    /**
     * The order service rejected the order ({@code order.OrderRejected.v1}).
     *
     * @param reason the reason the order service recorded, as it wrote it (normally the one the saga gave in {@code
     *     RejectOrder}); kept as text so that a reason this saga does not know never blocks the reply
     */
    record OrderRejected(OrderId orderId, String reason) implements SagaEvent {}
}
