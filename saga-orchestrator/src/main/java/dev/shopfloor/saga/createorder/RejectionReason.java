package dev.shopfloor.saga.createorder;

/** Why a saga rejected its order (DESIGN.md §4); sent to the order service in {@code RejectOrder}. */
public enum RejectionReason {
    /** Inventory could not reserve every line. */
    OUT_OF_STOCK,
    /** The payment service declined the authorization (no account, or not enough available credit). */
    PAYMENT_DECLINED,
    /** A step did not get its reply before its deadline. */
    TIMEOUT
}
