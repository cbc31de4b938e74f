package dev.shopfloor.order.approval;

import dev.shopfloor.order.domain.OrderId;
import dev.shopfloor.order.domain.RejectionReason;

/** This service's answer to an {@link OrderCommand}, on topic {@code saga.replies}. */
public sealed interface OrderReply {

    OrderId orderId();

    /** {@code order.OrderApproved.v1}: the order is approved. */
    record OrderApproved(OrderId orderId) implements OrderReply {}

    /** {@code order.OrderRejected.v1}: the order is rejected, for {@code reason}. */
    record OrderRejected(OrderId orderId, RejectionReason reason) implements OrderReply {}
}
