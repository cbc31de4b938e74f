package dev.shopfloor.saga.createorder;

/**
 * The states of a {@link CreateOrderSaga} (DESIGN.md §4, ADR 0005). Each non-final state after {@link #STARTED} waits
 * for participants' replies and has a deadline, except the two parked states, which wait for an operator.
 *
 * <pre>
 * STARTED -&gt; RESERVING_STOCK -&gt; AUTHORIZING_PAYMENT -&gt; APPROVING_ORDER -&gt; COMPLETED
 *               | StockUnavailable     | PaymentDeclined            | deadline, retries exhausted
 *               | or deadline          v                            v
 *               |               RELEASING_STOCK               APPROVAL_FAILED (parked)
 *               v                      v
 *           REJECTING_ORDER &lt;---------+       (deadline in AUTHORIZING_PAYMENT also goes straight here)
 *               v                      | deadline, retries exhausted
 *           COMPENSATED          COMPENSATION_FAILED (parked)
 * </pre>
 */
public enum SagaState {
    /** Created from {@code OrderCreated}; nothing sent yet. */
    STARTED,
    /** {@code ReserveStock} sent; waiting for {@code StockReserved} or {@code StockUnavailable}. */
    RESERVING_STOCK,
    /** {@code AuthorizePayment} sent; waiting for {@code PaymentAuthorized} or {@code PaymentDeclined}. */
    AUTHORIZING_PAYMENT,
    /**
     * {@code CommitStock}, {@code CapturePayment} and {@code ApproveOrder} sent; waiting for all three replies. Past the
     * saga's pivot: a deadline here resends, it never compensates.
     */
    APPROVING_ORDER,
    /** The order is approved, the stock committed and the payment captured. Final. */
    COMPLETED,
    /** Compensating: {@code ReleaseStock} sent; waiting for {@code StockReleased}. */
    RELEASING_STOCK,
    /**
     * Compensating: {@code RejectOrder} sent, possibly with {@code ReleaseStock} and {@code VoidPayment} (after a
     * deadline); waiting for every one of their replies.
     */
    REJECTING_ORDER,
    /** The order is rejected and every earlier step undone. Final. */
    COMPENSATED,
    /**
     * Parked: a compensation step ({@link #RELEASING_STOCK} or {@link #REJECTING_ORDER}) got no reply after every
     * retry. No deadline; a late reply still moves it on, and an operator can retry it.
     */
    COMPENSATION_FAILED,
    /**
     * Parked: {@link #APPROVING_ORDER} got no reply after every retry. No deadline; a late reply still moves it on, and
     * an operator can retry it.
     */
    APPROVAL_FAILED;

    /** Whether the saga is over: no step runs, no deadline, nothing held. */
    public boolean isFinal() {
        return this == COMPLETED || this == COMPENSATED;
    }

    /** Whether the saga is parked, waiting for an operator (or a late reply). */
    public boolean isParked() {
        return this == COMPENSATION_FAILED || this == APPROVAL_FAILED;
    }
}
