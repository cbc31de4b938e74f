package dev.shopfloor.saga.createorder;

import java.util.List;
import java.util.Objects;

/**
 * A command the saga sends to a participant (event catalog, {@code docs/event-catalog.md}). Every participant
 * handles each command idempotently by order id, so resending one is safe.
 */
public sealed interface SagaCommand {

    /** The order the command is about; also the Kafka key and the correlation id. */
    OrderId orderId();

    /** Inventory: reserve every line or none ({@code inventory.ReserveStock.v1}). */
    record ReserveStock(OrderId orderId, List<OrderLine> items) implements SagaCommand {
        public ReserveStock {
            Objects.requireNonNull(orderId, "orderId");
            items = List.copyOf(items);
        }
    }

    /** Inventory: give back the order's reservation; compensates {@link ReserveStock}. */
    record ReleaseStock(OrderId orderId) implements SagaCommand {}

    /** Inventory: reserved stock leaves {@code onHand} ({@code inventory.CommitStock.v1}). */
    record CommitStock(OrderId orderId) implements SagaCommand {}

    /** Payment: hold {@code amount} of the customer's credit ({@code payment.AuthorizePayment.v1}). */
    record AuthorizePayment(OrderId orderId, CustomerId customerId, Money amount) implements SagaCommand {}

    /** Payment: release an authorization; compensates {@link AuthorizePayment} ({@code payment.VoidPayment.v1}). */
    record VoidPayment(OrderId orderId) implements SagaCommand {}

    /** Payment: the authorized amount becomes used credit ({@code payment.CapturePayment.v1}). */
    record CapturePayment(OrderId orderId) implements SagaCommand {}

    /** Order service: the order becomes {@code APPROVED} ({@code order.ApproveOrder.v1}). */
    record ApproveOrder(OrderId orderId) implements SagaCommand {}

    /** Order service: the order becomes {@code REJECTED} with {@code reason} ({@code order.RejectOrder.v1}). */
    record RejectOrder(OrderId orderId, RejectionReason reason) implements SagaCommand {
        public RejectOrder {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
