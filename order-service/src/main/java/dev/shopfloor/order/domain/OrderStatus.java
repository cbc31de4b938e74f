package dev.shopfloor.order.domain;

/** Where an order stands: placed and waiting for its saga, or finally approved or rejected. */
public enum OrderStatus {
    /** Placed; the saga is reserving stock and authorizing payment. */
    PENDING,
    /** The saga completed: stock committed, payment captured. Final. */
    APPROVED,
    /** The saga compensated; the order carries a {@link RejectionReason}. Final. */
    REJECTED
}
