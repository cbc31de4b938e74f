package dev.shopfloor.order.placement;

import dev.shopfloor.order.domain.OrderId;

/**
 * The answer to a placement: the order's id, and whether this request placed it or repeated an earlier request with
 * the same {@code Idempotency-Key}.
 */
public record PlacedOrder(OrderId orderId, boolean replayed) {}
