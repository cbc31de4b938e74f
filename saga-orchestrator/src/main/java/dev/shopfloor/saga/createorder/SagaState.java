package dev.shopfloor.saga.createorder;

/**
 * The states of a {@link CreateOrderSaga} (DESIGN.md §4). Each non-final state after {@link #STARTED} waits for one
 * participant's reply, and has a deadline.
 *
 * <pre>
 * STARTED -&gt; RESERVING_STOCK -&gt; AUTHORIZING_PAYMENT -&gt; APPROVING_ORDER -&gt; COMPLETED
 *               | StockUnavailable     | PaymentDeclined
 *               v                      v
 *           REJECTING_ORDER &lt;- RELEASING_STOCK
 *               v
 *           COMPENSATED
 * </pre>
 */
public enum SagaState {
    /** Created from {@code OrderCreated}; nothing sent yet. */
    STARTED,
    /** {@code ReserveStock} sent; waiting for {@code StockReserved} or {@code StockUnavailable}. */
    RESERVING_STOCK,
    /** {@code AuthorizePayment} sent; waiting for {@code PaymentAuthorized} or {@code PaymentDeclined}. */
    AUTHORIZING_PAYMENT,
    /** {@code CommitStock}, {@code CapturePayment} and {@code ApproveOrder} sent; waiting for {@code OrderApproved}. */
    APPROVING_ORDER,
    /** The order is approved. Final. */
    COMPLETED,
    /** Compensating: {@code ReleaseStock} sent; waiting for {@code StockReleased}. */
    RELEASING_STOCK,
    /** Compensating: {@code RejectOrder} sent; waiting for {@code OrderRejected}. */
    REJECTING_ORDER,
    /** The order is rejected and every earlier step undone. Final. */
    COMPENSATED;

    /** Whether the saga is over: no step runs, no deadline. */
    public boolean isFinal() {
        return this == COMPLETED || this == COMPENSATED;
    }
}
