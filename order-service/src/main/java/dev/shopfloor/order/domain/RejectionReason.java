package dev.shopfloor.order.domain;

/** Why the saga rejected an order (DESIGN.md §4). */
public enum RejectionReason {
    /** Inventory could not reserve every line. */
    OUT_OF_STOCK,
    /** Payment declined the authorization (no account, or not enough credit). */
    PAYMENT_DECLINED,
    /** A saga step did not answer before its deadline. */
    TIMEOUT
}
