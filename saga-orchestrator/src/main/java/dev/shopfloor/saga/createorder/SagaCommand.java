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

    /** Which command this is; what a saga stores for the commands whose replies it still awaits. */
    default Kind kind() {
        return switch (this) {
            case ReserveStock c -> Kind.RESERVE_STOCK;
            case ReleaseStock c -> Kind.RELEASE_STOCK;
            case CommitStock c -> Kind.COMMIT_STOCK;
            case AuthorizePayment c -> Kind.AUTHORIZE_PAYMENT;
            case VoidPayment c -> Kind.VOID_PAYMENT;
            case CapturePayment c -> Kind.CAPTURE_PAYMENT;
            case ApproveOrder c -> Kind.APPROVE_ORDER;
            case RejectOrder c -> Kind.REJECT_ORDER;
        };
    }

    /**
     * The kinds of command, one per record below. Every command is answered by exactly one kind of reply (or, for
     * {@code ReserveStock} and {@code AuthorizePayment}, one of two), so a saga can tell which of the commands it sent
     * are still unanswered.
     */
    enum Kind {
        RESERVE_STOCK,
        RELEASE_STOCK,
        COMMIT_STOCK,
        AUTHORIZE_PAYMENT,
        VOID_PAYMENT,
        CAPTURE_PAYMENT,
        APPROVE_ORDER,
        REJECT_ORDER
    }

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
