package dev.shopfloor.saga.createorder;

import static dev.shopfloor.saga.createorder.RejectionReason.OUT_OF_STOCK;
import static dev.shopfloor.saga.createorder.RejectionReason.PAYMENT_DECLINED;
import static dev.shopfloor.saga.createorder.RejectionReason.TIMEOUT;
import static dev.shopfloor.saga.createorder.SagaState.APPROVAL_FAILED;
import static dev.shopfloor.saga.createorder.SagaState.APPROVING_ORDER;
import static dev.shopfloor.saga.createorder.SagaState.AUTHORIZING_PAYMENT;
import static dev.shopfloor.saga.createorder.SagaState.COMPENSATED;
import static dev.shopfloor.saga.createorder.SagaState.COMPENSATION_FAILED;
import static dev.shopfloor.saga.createorder.SagaState.COMPLETED;
import static dev.shopfloor.saga.createorder.SagaState.REJECTING_ORDER;
import static dev.shopfloor.saga.createorder.SagaState.RELEASING_STOCK;
import static dev.shopfloor.saga.createorder.SagaState.RESERVING_STOCK;
import static dev.shopfloor.saga.createorder.SagaState.STARTED;

import dev.shopfloor.saga.createorder.SagaCommand.ApproveOrder;
import dev.shopfloor.saga.createorder.SagaCommand.AuthorizePayment;
import dev.shopfloor.saga.createorder.SagaCommand.CapturePayment;
import dev.shopfloor.saga.createorder.SagaCommand.CommitStock;
import dev.shopfloor.saga.createorder.SagaCommand.Kind;
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
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The saga that turns a {@code PENDING} order into an approved or a rejected one (DESIGN.md §4, ADR 0005), written
 * without a saga framework. It reads top to bottom as its steps:
 *
 * <ol>
 *   <li>reserve stock (inventory) — compensated by releasing it;
 *   <li>authorize payment (payment) — compensated by voiding it;
 *   <li>commit the stock, capture the payment and approve the order: the pivot, never compensated;
 * </ol>
 *
 * and, on failure, compensates in reverse and rejects the order with a {@link RejectionReason}.
 *
 * <p>The saga is an immutable value: {@link #handle} takes the event that arrived, {@link #deadlinePassed} the passing
 * of the current step's deadline and {@link #retry} an operator's retry; each returns a {@link Decision} with the
 * saga's new state and the commands to send. It does no I/O; time comes in as arguments.
 *
 * <p>Deadlines (ADR 0005): every step waits for the replies to the commands it sent ({@link #awaiting()}) until its
 * deadline. Stock reservation and payment authorization compensate when it passes, and the order is rejected for
 * {@code TIMEOUT}; approval and the compensation steps cannot be undone, so they resend their unanswered commands
 * (every participant handles them idempotently) with a growing wait, and after {@link Deadlines#maxRetries()} resends
 * the saga is parked ({@link SagaState#isParked()}) until a late reply or an operator moves it on.
 *
 * <p>Late replies: a reply that does not fit the current step changes nothing and sends nothing, with two exceptions
 * that keep nothing leaked: a {@code PaymentAuthorized} that arrives when no capture was sent is answered with
 * {@code VoidPayment}, and a {@code StockReserved} that arrives while or after the saga compensates is answered with
 * {@code ReleaseStock}.
 *
 * <p>{@link #version()} is the optimistic-locking version the saga was read with; the repository writes the saga
 * only if the stored version is still this one.
 */
public final class CreateOrderSaga {

    /**
     * One row of the transition table: in state {@code from}, a reply of type {@code on} to a command the step still
     * awaits moves the saga to {@code to} — at once for the one-reply steps, and with the last awaited reply for
     * {@code APPROVING_ORDER} and {@code REJECTING_ORDER}, which wait for several.
     */
    public record Transition(SagaState from, Class<? extends SagaEvent> on, SagaState to) {}

    /**
     * What the passing of a step's deadline does: {@code to} is {@code REJECTING_ORDER} for the steps that
     * compensate, or the parked state for the steps that resend until their retries run out.
     */
    public record OnDeadline(SagaState step, SagaState to) {}

    /**
     * The transition table: the only moves a reply makes. Every other pair of state and reply is out of step and
     * leaves the saga as it is (but see the late replies in the class comment).
     */
    public static final List<Transition> TRANSITIONS = List.of(
            // the way forward
            new Transition(STARTED, OrderCreated.class, RESERVING_STOCK),
            new Transition(RESERVING_STOCK, StockReserved.class, AUTHORIZING_PAYMENT),
            new Transition(AUTHORIZING_PAYMENT, PaymentAuthorized.class, APPROVING_ORDER),
            new Transition(APPROVING_ORDER, StockCommitted.class, COMPLETED),
            new Transition(APPROVING_ORDER, PaymentCaptured.class, COMPLETED),
            new Transition(APPROVING_ORDER, OrderApproved.class, COMPLETED),
            // compensation
            new Transition(RESERVING_STOCK, StockUnavailable.class, REJECTING_ORDER),
            new Transition(AUTHORIZING_PAYMENT, PaymentDeclined.class, RELEASING_STOCK),
            new Transition(RELEASING_STOCK, StockReleased.class, REJECTING_ORDER),
            new Transition(REJECTING_ORDER, StockReleased.class, COMPENSATED),
            new Transition(REJECTING_ORDER, PaymentVoided.class, COMPENSATED),
            new Transition(REJECTING_ORDER, OrderRejected.class, COMPENSATED));

    /** The deadline table: what each waiting step does when its deadline passes. */
    public static final List<OnDeadline> ON_DEADLINE = List.of(
            // before the pivot: give up, undo, reject for TIMEOUT
            new OnDeadline(RESERVING_STOCK, REJECTING_ORDER),
            new OnDeadline(AUTHORIZING_PAYMENT, REJECTING_ORDER),
            // from the pivot on: resend, then park
            new OnDeadline(APPROVING_ORDER, APPROVAL_FAILED),
            new OnDeadline(RELEASING_STOCK, COMPENSATION_FAILED),
            new OnDeadline(REJECTING_ORDER, COMPENSATION_FAILED));

    private final SagaId id;
    private final OrderId orderId;
    private final CustomerId customerId;
    private final List<OrderLine> items;
    private final Money total;
    private final SagaState state;
    private final RejectionReason rejectionReason;
    private final Instant deadlineAt;
    private final Set<Kind> awaiting;
    private final int retries;
    private final SagaState parkedIn;
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
            Set<Kind> awaiting,
            int retries,
            SagaState parkedIn,
            long version) {
        this.id = Objects.requireNonNull(id, "id");
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.customerId = Objects.requireNonNull(customerId, "customerId");
        this.items = List.copyOf(items);
        this.total = Objects.requireNonNull(total, "total");
        this.state = Objects.requireNonNull(state, "state");
        this.rejectionReason = rejectionReason;
        this.deadlineAt = deadlineAt;
        this.awaiting = awaiting.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(Kind.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(awaiting));
        this.retries = retries;
        this.parkedIn = parkedIn;
        this.version = version;
        if (state.isParked() != (parkedIn != null)) {
            throw new IllegalArgumentException("a saga in " + state + " cannot be parked in " + parkedIn);
        }
    }

    /**
     * Starts a saga for a new order: the saga is created {@link SagaState#STARTED} and handles {@code order} at once,
     * so the decision sends {@code ReserveStock} and leaves the saga {@link SagaState#RESERVING_STOCK}. The new
     * saga's version is 0.
     *
     * @param now the time the event is handled, for the first step's deadline
     */
    public static Decision start(SagaId id, OrderCreated order, Instant now, Deadlines deadlines) {
        CreateOrderSaga saga = new CreateOrderSaga(
                id,
                order.orderId(),
                order.customerId(),
                order.items(),
                order.total(),
                STARTED,
                null,
                null,
                Set.of(),
                0,
                null,
                0);
        return saga.handle(order, now, deadlines);
    }

    /**
     * Rebuilds a saga as it was stored; for the repository.
     *
     * @param awaiting the commands sent in the current step whose replies have not arrived
     * @param retries how often the current step has resent its commands
     * @param parkedIn the step a parked saga was parked in; {@code null} unless {@code state} is parked
     * @throws IllegalArgumentException when {@code parkedIn} is given without a parked state, or missing with one
     */
    public static CreateOrderSaga restore(
            SagaId id,
            OrderId orderId,
            CustomerId customerId,
            List<OrderLine> items,
            Money total,
            SagaState state,
            RejectionReason rejectionReason,
            Instant deadlineAt,
            Set<Kind> awaiting,
            int retries,
            SagaState parkedIn,
            long version) {
        return new CreateOrderSaga(
                id,
                orderId,
                customerId,
                items,
                total,
                state,
                rejectionReason,
                deadlineAt,
                awaiting,
                retries,
                parkedIn,
                version);
    }

    /**
     * Handles an event or a participant's reply. A parked saga handles the replies of the step it was parked in as
     * that step would.
     *
     * @param now the time the event is handled
     * @param deadlines the timeout of the step the saga may move to; its deadline is {@code now} plus it
     * @return the new state and the commands to send
     * @throws IllegalArgumentException when the event is about another order
     */
    public Decision handle(SagaEvent event, Instant now, Deadlines deadlines) {
        if (!event.orderId().equals(orderId)) {
            throw new IllegalArgumentException(
                    "saga " + id + " of order " + orderId + " got an event of order " + event.orderId());
        }
        return switch (event) {
            case OrderCreated created when fits(created) -> reserveStock(created, now, deadlines);
            case StockReserved reserved when fits(reserved) -> authorizePayment(reserved, now, deadlines);
            case StockUnavailable shortage when fits(shortage) -> rejectOrder(OUT_OF_STOCK, shortage, now, deadlines);
            case PaymentAuthorized authorized when fits(authorized) -> approveOrder(authorized, now, deadlines);
            case PaymentDeclined declined when fits(declined) -> releaseStock(declined, now, deadlines);
            case StockCommitted committed when fits(committed) -> answered(committed);
            case PaymentCaptured captured when fits(captured) -> answered(captured);
            case OrderApproved approved when fits(approved) -> answered(approved);
            case StockReleased released
            when fits(released) && step() == RELEASING_STOCK -> rejectOrder(rejectionReason, released, now, deadlines);
            case StockReleased released when fits(released) -> answered(released);
            case PaymentVoided voided when fits(voided) -> answered(voided);
            case OrderRejected rejected when fits(rejected) -> answered(rejected);
            case PaymentAuthorized late when !paymentCaptureSent() -> voidLateAuthorization(late);
            case StockReserved late when compensating() -> releaseLateReservation(late);
            case StockCommitted committed -> note(committed);
            case PaymentCaptured captured -> note(captured);
            case PaymentVoided voided -> note(voided);
            default -> ignore(event);
        };
    }

    // Step 1: reserve stock (inventory). StockReserved goes on to step 2; StockUnavailable rejects the order, as
    // nothing was reserved. Compensation: ReleaseStock.
    private Decision reserveStock(OrderCreated created, Instant now, Deadlines deadlines) {
        return moveTo(RESERVING_STOCK, created, now, deadlines, new ReserveStock(orderId, items));
    }

    // Step 2: authorize the order total on the customer's account (payment). PaymentAuthorized goes on to step 3;
    // PaymentDeclined compensates step 1. Compensation: VoidPayment.
    private Decision authorizePayment(StockReserved reserved, Instant now, Deadlines deadlines) {
        return moveTo(AUTHORIZING_PAYMENT, reserved, now, deadlines, new AuthorizePayment(orderId, customerId, total));
    }

    // Step 3, the pivot: inventory commits the reserved stock, payment captures the authorization and the order
    // service approves the order. The three replies complete the saga.
    private Decision approveOrder(PaymentAuthorized authorized, Instant now, Deadlines deadlines) {
        return moveTo(
                APPROVING_ORDER,
                authorized,
                now,
                deadlines,
                new CommitStock(orderId),
                new CapturePayment(orderId),
                new ApproveOrder(orderId));
    }

    // Compensation, in reverse order of the steps. The payment was declined, so there is nothing to void: give the
    // stock back, then reject the order with the reason remembered here.
    private Decision releaseStock(PaymentDeclined declined, Instant now, Deadlines deadlines) {
        return withRejectionReason(PAYMENT_DECLINED)
                .moveTo(RELEASING_STOCK, declined, now, deadlines, new ReleaseStock(orderId));
    }

    private Decision rejectOrder(RejectionReason reason, SagaEvent cause, Instant now, Deadlines deadlines) {
        return withRejectionReason(reason)
                .moveTo(REJECTING_ORDER, cause, now, deadlines, new RejectOrder(orderId, reason));
    }

    // A reply of a step that waits for several (approval, rejection): the step ends with the last one.
    private Decision answered(SagaEvent reply) {
        Set<Kind> left = EnumSet.noneOf(Kind.class);
        left.addAll(awaiting);
        left.remove(answers(reply).orElseThrow());
        if (!left.isEmpty()) {
            CreateOrderSaga waiting = copy(state, deadlineAt, left, retries, parkedIn);
            return new Decision(waiting, state, Decision.Outcome.NOTED, List.of());
        }
        SagaState next = transitionOn(reply).orElseThrow();
        return new Decision(copy(next, null, Set.of(), 0, null), state, Decision.Outcome.MOVED, List.of());
    }

    // Replies outside the steps. An authorization that arrives after its step closed (the saga gave up on payment,
    // or a participant answered twice) would hold the customer's credit forever: void it, unless the saga already
    // sent CapturePayment for the authorization it kept.
    private Decision voidLateAuthorization(PaymentAuthorized late) {
        return new Decision(this, state, Decision.Outcome.NOTED, List.of(new VoidPayment(late.orderId())));
    }

    // Likewise a reservation that arrives after the saga gave up on stock would hold the units forever. Inventory
    // answers a second ReleaseStock with StockReleased and changes nothing, so releasing again is always safe.
    private Decision releaseLateReservation(StockReserved late) {
        return new Decision(this, state, Decision.Outcome.NOTED, List.of(new ReleaseStock(late.orderId())));
    }

    private Decision note(SagaEvent informational) {
        return new Decision(this, state, Decision.Outcome.NOTED, List.of());
    }

    private Decision ignore(SagaEvent outOfStep) {
        return new Decision(this, state, Decision.Outcome.IGNORED, List.of());
    }

    /**
     * Handles the passing of the current step's deadline (the orchestrator's sweeper calls this for sagas whose
     * {@link #deadlineAt()} is past).
     *
     * <ul>
     *   <li>{@code RESERVING_STOCK}: the reservation may or may not have happened; release it and reject the order
     *       for {@code TIMEOUT}, and wait for both replies in {@code REJECTING_ORDER}.
     *   <li>{@code AUTHORIZING_PAYMENT}: likewise void the payment (payment answers {@code PaymentVoided} also when it
     *       never authorized), release the stock and reject the order for {@code TIMEOUT}.
     *   <li>{@code APPROVING_ORDER}, {@code RELEASING_STOCK}, {@code REJECTING_ORDER}: resend the unanswered commands
     *       and wait {@link Deadlines#retryWait} longer; after {@link Deadlines#maxRetries()} resends, park the saga
     *       (no deadline, no commands).
     * </ul>
     *
     * @return an {@link Decision.Outcome#IGNORED} decision when the saga has no deadline or it has not passed at
     *     {@code now}
     */
    public Decision deadlinePassed(Instant now, Deadlines deadlines) {
        if (deadlineAt == null || now.isBefore(deadlineAt)) {
            return new Decision(this, state, Decision.Outcome.IGNORED, List.of());
        }
        SagaState onDeadline = ON_DEADLINE.stream()
                .filter(rule -> rule.step() == state)
                .map(OnDeadline::to)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(this + " has a deadline but no step that waits"));
        if (onDeadline == REJECTING_ORDER) {
            return state == AUTHORIZING_PAYMENT
                    ? rejectForTimeout(now, deadlines, new VoidPayment(orderId), new ReleaseStock(orderId))
                    : rejectForTimeout(now, deadlines, new ReleaseStock(orderId));
        }
        if (retries >= deadlines.maxRetries()) {
            CreateOrderSaga parked = copy(onDeadline, null, awaiting, retries, state);
            return new Decision(parked, state, Decision.Outcome.MOVED, List.of());
        }
        int retry = retries + 1;
        CreateOrderSaga resent = copy(state, now.plus(deadlines.retryWait(state, retry)), awaiting, retry, null);
        return new Decision(resent, state, Decision.Outcome.NOTED, unanswered());
    }

    // The step gave up on a participant that may have acted all the same: undo what it may have done, in reverse
    // order, and reject the order at once instead of after the undo, so a silent participant cannot keep the order
    // PENDING. The saga stays open until every compensation is confirmed.
    private Decision rejectForTimeout(Instant now, Deadlines deadlines, SagaCommand... compensations) {
        List<SagaCommand> commands = new java.util.ArrayList<>(Arrays.asList(compensations));
        commands.add(new RejectOrder(orderId, TIMEOUT));
        Set<Kind> sent = EnumSet.noneOf(Kind.class);
        commands.forEach(command -> sent.add(command.kind()));
        CreateOrderSaga rejecting = withRejectionReason(TIMEOUT)
                .copy(REJECTING_ORDER, now.plus(deadlines.timeoutOf(REJECTING_ORDER)), sent, 0, null);
        return new Decision(rejecting, state, Decision.Outcome.MOVED, commands);
    }

    /**
     * An operator's retry of a parked saga: the saga returns to the step it was parked in, resends that step's
     * unanswered commands and gets a fresh deadline and a fresh count of retries.
     *
     * @throws SagaNotParked when the saga is not parked
     */
    public Decision retry(Instant now, Deadlines deadlines) {
        if (!state.isParked()) {
            throw new SagaNotParked(id, state);
        }
        CreateOrderSaga resumed = copy(parkedIn, now.plus(deadlines.timeoutOf(parkedIn)), awaiting, 0, null);
        return new Decision(resumed, state, Decision.Outcome.MOVED, unanswered());
    }

    // The table decides; the step methods above name their target only so that they read as steps.
    private Decision moveTo(
            SagaState target, SagaEvent cause, Instant now, Deadlines deadlines, SagaCommand... commands) {
        SagaState next = transitionOn(cause).orElseThrow(() -> new IllegalSagaTransition(state, cause, target));
        if (next != target) {
            throw new IllegalSagaTransition(state, cause, target);
        }
        Set<Kind> sent = EnumSet.noneOf(Kind.class);
        for (SagaCommand command : commands) {
            sent.add(command.kind());
        }
        CreateOrderSaga moved =
                copy(target, target.isFinal() ? null : now.plus(deadlines.timeoutOf(target)), sent, 0, null);
        return new Decision(moved, state, Decision.Outcome.MOVED, List.of(commands));
    }

    // A reply fits when the table has a row for it in the current step and it answers a command the step awaits.
    private boolean fits(SagaEvent event) {
        return transitionOn(event).isPresent()
                && answers(event).map(awaiting::contains).orElse(true);
    }

    private Optional<SagaState> transitionOn(SagaEvent event) {
        SagaState step = step();
        return TRANSITIONS.stream()
                .filter(t -> t.from() == step && t.on().isInstance(event))
                .map(Transition::to)
                .findFirst();
    }

    /** The command a reply answers; empty for {@code OrderCreated}, which answers none. */
    static Optional<Kind> answers(SagaEvent event) {
        return Optional.ofNullable(
                switch (event) {
                    case OrderCreated e -> null;
                    case StockReserved e -> Kind.RESERVE_STOCK;
                    case StockUnavailable e -> Kind.RESERVE_STOCK;
                    case StockReleased e -> Kind.RELEASE_STOCK;
                    case StockCommitted e -> Kind.COMMIT_STOCK;
                    case PaymentAuthorized e -> Kind.AUTHORIZE_PAYMENT;
                    case PaymentDeclined e -> Kind.AUTHORIZE_PAYMENT;
                    case PaymentVoided e -> Kind.VOID_PAYMENT;
                    case PaymentCaptured e -> Kind.CAPTURE_PAYMENT;
                    case OrderApproved e -> Kind.APPROVE_ORDER;
                    case OrderRejected e -> Kind.REJECT_ORDER;
                });
    }

    // The commands of the current step that are still unanswered, rebuilt from what the saga remembers.
    private List<SagaCommand> unanswered() {
        return awaiting.stream().map(this::command).toList();
    }

    private SagaCommand command(Kind kind) {
        return switch (kind) {
            case RESERVE_STOCK -> new ReserveStock(orderId, items);
            case RELEASE_STOCK -> new ReleaseStock(orderId);
            case COMMIT_STOCK -> new CommitStock(orderId);
            case AUTHORIZE_PAYMENT -> new AuthorizePayment(orderId, customerId, total);
            case VOID_PAYMENT -> new VoidPayment(orderId);
            case CAPTURE_PAYMENT -> new CapturePayment(orderId);
            case APPROVE_ORDER -> new ApproveOrder(orderId);
            case REJECT_ORDER -> new RejectOrder(orderId, Objects.requireNonNull(rejectionReason, "reason"));
        };
    }

    // The step whose replies the saga takes: the current state, or for a parked saga the step it was parked in.
    private SagaState step() {
        return parkedIn != null ? parkedIn : state;
    }

    private boolean paymentCaptureSent() {
        SagaState step = step();
        return step == APPROVING_ORDER || step == COMPLETED;
    }

    private boolean compensating() {
        SagaState step = step();
        return step == RELEASING_STOCK || step == REJECTING_ORDER || step == COMPENSATED;
    }

    private CreateOrderSaga withRejectionReason(RejectionReason reason) {
        return new CreateOrderSaga(
                id,
                orderId,
                customerId,
                items,
                total,
                state,
                Objects.requireNonNull(reason),
                deadlineAt,
                awaiting,
                retries,
                parkedIn,
                version);
    }

    private CreateOrderSaga copy(
            SagaState newState, Instant newDeadline, Set<Kind> newAwaiting, int newRetries, SagaState newParkedIn) {
        return new CreateOrderSaga(
                id,
                orderId,
                customerId,
                items,
                total,
                newState,
                rejectionReason,
                newDeadline,
                newAwaiting,
                newRetries,
                newParkedIn,
                version);
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

    /** When the current step times out; empty in a final or parked state. */
    public Optional<Instant> deadlineAt() {
        return Optional.ofNullable(deadlineAt);
    }

    /** The commands of the current step whose replies have not arrived yet; unmodifiable. */
    public Set<Kind> awaiting() {
        return awaiting;
    }

    /** How often the current step has resent its unanswered commands after its deadline (0 at first). */
    public int retries() {
        return retries;
    }

    /** The step a parked saga was parked in; empty unless the saga is parked. */
    public Optional<SagaState> parkedIn() {
        return Optional.ofNullable(parkedIn);
    }

    /** The optimistic-locking version the saga was read with (0 for a new saga). */
    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return "CreateOrderSaga[" + id + ", order " + orderId + ", " + state
                + (parkedIn == null ? "" : " in " + parkedIn)
                + (rejectionReason == null ? "" : " (" + rejectionReason + ")") + ", v" + version + "]";
    }
}
