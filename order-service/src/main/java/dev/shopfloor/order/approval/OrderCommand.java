package dev.shopfloor.order.approval;

import dev.shopfloor.order.domain.OrderId;
import dev.shopfloor.order.domain.RejectionReason;
import java.util.Objects;

/** A command of the order saga to this service, on topic {@code order.commands}. */
public sealed interface OrderCommand {

    /** The order the command is about. */
    OrderId orderId();

    /** {@code order.ApproveOrder.v1}: the saga completed; approve the order. */
    record ApproveOrder(OrderId orderId) implements OrderCommand {

        public ApproveOrder {
            Objects.requireNonNull(orderId, "orderId");
        }
    }

    /** {@code order.RejectOrder.v1}: the saga compensated; reject the order for {@code reason}. */
    record RejectOrder(OrderId orderId, RejectionReason reason) implements OrderCommand {

        public RejectOrder {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
