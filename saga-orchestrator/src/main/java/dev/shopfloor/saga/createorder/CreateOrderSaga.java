package dev.shopfloor.saga.createorder;

import static dev.shopfloor.saga.createorder.RejectionReason.OUT_OF_STOCK;
import static dev.shopfloor.saga.createorder.RejectionReason.PAYMENT_DECLINED;
import static dev.shopfloor.saga.createorder.SagaState.APPROVING_ORDER;
import static dev.shopfloor.saga.createorder.SagaState.AUTHORIZING_PAYMENT;
import static dev.shopfloor.saga.createorder.SagaState.COMPENSATED;
import static dev.shopfloor.saga.createorder.SagaState.COMPLETED;
import static dev.shopfloor.saga.createorder.SagaState.REJECTING_ORDER;
import static dev.shopfloor.saga.createorder.SagaState.RELEASING_STOCK;
import static dev.shopfloor.saga.createorder.SagaState.RESERVING_STOCK;
import static dev.shopfloor.saga.createorder.SagaState.STARTED;

import dev.shopfloor.saga.createorder.SagaCommand.ApproveOrder;
import dev.shopfloor.saga.createorder.SagaCommand.AuthorizePayment;
import dev.shopfloor.saga.createorder.SagaCommand.CapturePayment;
import dev.shopfloor.saga.createorder.SagaCommand.CommitStock;
import dev.shopfloor.saga.createorder.SagaCommand.RejectOrder;
import dev.shopfloor.saga.createorder.SagaCommand.ReleaseStock;
import dev.shopfloor.saga.createorder.SagaCommand.ReserveStock;
import dev.shopfloor.saga.createorder.SagaCommand.VoidPayment;
import dev.shopfloor.saga.createorder.SagaEvent.OrderApproved;
import dev.shopfloor.saga.createorder.SagaEvent.OrderCreated;
import dev.shopfloor.saga.createorder.SagaEvent.OrderRejected;
import dev.shopfloor.saga.createorder.SagaEvent.PaymentAuthorized;
import dev.shopfloor.saga.createorder.SagaEvent.PaymentCaptured;
import dev.shopfloor.saga.createorder.SagaEvent.PaymentDeclined;
import dev.shopfloor.saga.createorder.SagaEvent.PaymentVoided;
import dev.shopfloor.saga.createorder.SagaEvent.StockCommitted;
import dev.shopfloor.saga.createorder.SagaEvent.StockReleased;
import dev.shopfloor.saga.createorder.SagaEvent.StockReserved;
import dev.shopfloor.saga.createorder.SagaEvent.StockUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The saga that turns a {@code PENDING} order into an approved or a rejected one (DESIGN.md §4), written without a
 * saga framework. It reads top to bottom as its steps:
 *
 * <ol>
 *   <li>reserve stock (inventory) — compensated by releasing it;
 *   <li>authorize payment (payment) — compensated by voiding it;
 *   <li>commit the stock, capture the payment and approve the order;
 * </ol>
 *
 * and, on failure, compensates in reverse and rejects the order with a {@link RejectionReason}.
 *
 * <p>The saga is an immutable value: {@link #handle} takes the event that arrived and returns a {@link Decision}
 * with the saga's new state and the commands to send. It does no I/O; time comes in as arguments. A reply that does
 * not fit the current state (a duplicate or a late reply) changes nothing and sends nothing, with one exception: a
 * {@code PaymentAuthorized} that arrives when no payment capture was sent is answered with {@code VoidPayment}, so a
 * late authorization is never leaked.
 *
 * <p>{@link #version()} is the optimistic-locking version the saga was read with; the repository writes the saga
 * only if the stored version is still this one.
 */
public final class CreateOrderSaga {

    /**
     * One row of the transition table: in state {@code from}, an event of type {@code on} moves the saga to
     * {@code to}.
     */
    public record Transition(SagaState from, Class<? extends SagaEvent> on, SagaState to) {}

    /**
     * The transition table: the only moves a saga makes. Every other pair of state and event is out of step and
     * leaves the saga as it is. {@code StockCommitted}, {@code PaymentCaptured} and {@code PaymentVoided} have no
     * row: they are noted in the step log and move nothing.
     */
    public static final List<Transition> TRANSITIONS = List.of(
            // the way forward
            new Transition(STARTED, OrderCreated.class, RESERVING_STOCK),
            new Transition(RESERVING_STOCK, StockReserved.class, AUTHORIZING_PAYMENT),
            new Transition(AUTHORIZING_PAYMENT, PaymentAuthorized.class, APPROVING_ORDER),
            new Transition(APPROVING_ORDER, OrderApproved.class, COMPLETED),
            // compensation
            new Transition(RESERVING_STOCK, StockUnavailable.class, REJECTING_ORDER),
            new Transition(AUTHORIZING_PAYMENT, PaymentDeclined.class, RELEASING_STOCK),
            new Transition(RELEASING_STOCK, StockReleased.class, REJECTING_ORDER),
            new Transition(REJECTING_ORDER, OrderRejected.class, COMPENSATED));

    private final SagaId id;
    private final OrderId orderId;
    private final CustomerId customerId;
    private final List<OrderLine> items;
    private final Money total;
    private final SagaState state;
    private final RejectionReason rejectionReason;
    private final Instant deadlineAt;
    private final long version;

    private CreateOrderSaga(
            SagaId id,
            OrderId orderId,
            CustomerId customerId,
            List<OrderLine> items,
            Money total,
            SagaState state,
            RejectionReason rejectionReason,
            Instant deadlineAt,
            long version) {
        this.id = Objects.requireNonNull(id, "id");
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.customerId = Objects.requireNonNull(customerId, "customerId");
        this.items = List.copyOf(items);
        this.total = Objects.requireNonNull(total, "total");
        this.state = Objects.requireNonNull(state, "state");
        this.rejectionReason = rejectionReason;
        this.deadlineAt = deadlineAt;
        this.version = version;
    }

    /**
     * Starts a saga for a new order: the saga is created {@link SagaState#STARTED} and handles {@code order} at once,
     * so the decision sends {@code ReserveStock} and leaves the saga {@link SagaState#RESERVING_STOCK}. The new
     * saga's version is 0.
     *
     * @param now the time the event is handled, for the first step's deadline
     * @param stepTimeout how long each step may wait for its reply
     */
    public static Decision start(SagaId id, OrderCreated order, Instant now, Duration stepTimeout) {
        CreateOrderSaga saga = new CreateOrderSaga(
                id, order.orderId(), order.customerId(), order.items(), order.total(), STARTED, null, null, 0);
        return saga.handle(order, now, stepTimeout);
    }

    /** Rebuilds a saga as it was stored; for the repository. */
    public static CreateOrderSaga restore(
            SagaId id,
            OrderId orderId,
            CustomerId customerId,
            List<OrderLine> items,
            Money total,
            SagaState state,
            RejectionReason rejectionReason,
            Instant deadlineAt,
            long version) {
        return new CreateOrderSaga(id, orderId, customerId, items, total, state, rejectionReason, deadlineAt, version);
    }

    /**
     * Handles an event or a participant's reply.
     *
     * @param now the time the event is handled
     * @param stepTimeout how long the next step may wait for its reply; its deadline is {@code now + stepTimeout}
     * @return the new state and the commands to send
     * @throws IllegalArgumentException when the event is about another order
     */
    public Decision handle(SagaEvent event, Instant now, Duration stepTimeout) {
        if (!event.orderId().equals(orderId)) {
            throw new IllegalArgumentException(
                    "saga " + id + " of order " + orderId + " got an event of order " + event.orderId());
        }
        Instant deadline = now.plus(stepTimeout);
        return switch (event) {
            case OrderCreated created when fits(created) -> reserveStock(created, deadline);
            case StockReserved reserved when fits(reserved) -> authorizePayment(reserved, deadline);
            case StockUnavailable shortage when fits(shortage) -> rejectOrder(OUT_OF_STOCK, shortage, deadline);
            case PaymentAuthorized authorized when fits(authorized) -> approveOrder(authorized, deadline);
            case PaymentAuthorized late when !paymentCaptureSent() -> voidLateAuthorization(late);
            case PaymentDeclined declined when fits(declined) -> releaseStock(PAYMENT_DECLINED, declined, deadline);
            case StockReleased released when fits(released) -> rejectOrder(rejectionReason, released, deadline);
            case OrderApproved approved when fits(approved) -> complete(approved);
            case OrderRejected rejected when fits(rejected) -> compensated(rejected);
            case StockCommitted committed -> note(committed);
            case PaymentCaptured captured -> note(captured);
            case PaymentVoided voided -> note(voided);
            default -> ignore(event);
        };
    }

    // Step 1: reserve stock (inventory). StockReserved goes on to step 2; StockUnavailable rejects the order, as
    // nothing was reserved. Compensation: ReleaseStock.
    private Decision reserveStock(OrderCreated created, Instant deadline) {
        return moveTo(RESERVING_STOCK, created, deadline, new ReserveStock(orderId, items));
    }

    // Step 2: authorize the order total on the customer's account (payment). PaymentAuthorized goes on to step 3;
    // PaymentDeclined compensates step 1. Compensation: VoidPayment.
    private Decision authorizePayment(StockReserved reserved, Instant deadline) {
        return moveTo(AUTHORIZING_PAYMENT, reserved, deadline, new AuthorizePayment(orderId, customerId, total));
    }

    // Step 3: the order goes through. Inventory commits the reserved stock, payment captures the authorization and
    // the order service approves the order; OrderApproved completes the saga.
    private Decision approveOrder(PaymentAuthorized authorized, Instant deadline) {
        return moveTo(
                APPROVING_ORDER,
                authorized,
                deadline,
                new CommitStock(orderId),
                new CapturePayment(orderId),
                new ApproveOrder(orderId));
    }

    private Decision complete(OrderApproved approved) {
        return moveTo(COMPLETED, approved, null);
    }

    // Compensation, in reverse order of the steps. The payment was declined, so there is nothing to void: give the
    // stock back, then reject the order with the reason remembered here.
    private Decision releaseStock(RejectionReason reason, SagaEvent cause, Instant deadline) {
        return withRejectionReason(reason).moveTo(RELEASING_STOCK, cause, deadline, new ReleaseStock(orderId));
    }

    private Decision rejectOrder(RejectionReason reason, SagaEvent cause, Instant deadline) {
        return withRejectionReason(reason).moveTo(REJECTING_ORDER, cause, deadline, new RejectOrder(orderId, reason));
    }

    private Decision compensated(OrderRejected rejected) {
        return moveTo(COMPENSATED, rejected, null);
    }

    // Replies outside the steps. An authorization that arrives after its step closed (the saga gave up on payment,
    // or a participant answered twice) would hold the customer's credit forever: void it, unless the saga already
    // sent CapturePayment for the authorization it kept.
    private Decision voidLateAuthorization(PaymentAuthorized late) {
        return new Decision(this, state, Decision.Outcome.NOTED, List.of(new VoidPayment(late.orderId())));
    }

    private Decision note(SagaEvent informational) {
        return new Decision(this, state, Decision.Outcome.NOTED, List.of());
    }

    private Decision ignore(SagaEvent outOfStep) {
        return new Decision(this, state, Decision.Outcome.IGNORED, List.of());
    }

    // The table decides; the step methods above name their target only so that they read as steps.
    private Decision moveTo(SagaState target, SagaEvent cause, Instant deadline, SagaCommand... commands) {
        SagaState next = transitionOn(cause).orElseThrow(() -> new IllegalSagaTransition(state, cause, target));
        if (next != target) {
            throw new IllegalSagaTransition(state, cause, target);
        }
        CreateOrderSaga moved = new CreateOrderSaga(
                id,
                orderId,
                customerId,
                items,
                total,
                target,
                rejectionReason,
                target.isFinal() ? null : deadline,
                version);
        return new Decision(moved, state, Decision.Outcome.MOVED, List.of(commands));
    }

    private boolean fits(SagaEvent event) {
        return transitionOn(event).isPresent();
    }

    private Optional<SagaState> transitionOn(SagaEvent event) {
        return TRANSITIONS.stream()
                .filter(t -> t.from() == state && t.on().isInstance(event))
                .map(Transition::to)
                .findFirst();
    }

    private boolean paymentCaptureSent() {
        return state == APPROVING_ORDER || state == COMPLETED;
    }

    private CreateOrderSaga withRejectionReason(RejectionReason reason) {
        return new CreateOrderSaga(
                id, orderId, customerId, items, total, state, Objects.requireNonNull(reason), deadlineAt, version);
    }

    public SagaId id() {
        return id;
    }

    public OrderId orderId() {
        return orderId;
    }

    public CustomerId customerId() {
        return customerId;
    }

    /** The order's lines, as {@code OrderCreated} gave them. */
    public List<OrderLine> items() {
        return items;
    }

    /** The order total: the amount to authorize. */
    public Money total() {
        return total;
    }

    public SagaState state() {
        return state;
    }

    /** Why the order is being or was rejected; empty unless the saga compensates. */
    public Optional<RejectionReason> rejectionReason() {
        return Optional.ofNullable(rejectionReason);
    }

    /** When the current step times out; empty in a final state. */
    public Optional<Instant> deadlineAt() {
        return Optional.ofNullable(deadlineAt);
    }

    /** The optimistic-locking version the saga was read with (0 for a new saga). */
    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return "CreateOrderSaga[" + id + ", order " + orderId + ", " + state
                + (rejectionReason == null ? "" : " (" + rejectionReason + ")") + ", v" + version + "]";
    }
}
