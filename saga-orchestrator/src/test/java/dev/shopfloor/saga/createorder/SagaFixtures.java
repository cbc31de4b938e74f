package dev.shopfloor.saga.createorder;

import dev.shopfloor.saga.createorder.SagaCommand.Kind;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test data for the create-order saga: one order, its saga in any state, and every event it can get. */
final class SagaFixtures {

    static final OrderId ORDER = new OrderId(7231048573012345678L);
    static final CustomerId CUSTOMER = new CustomerId("cust-2077");
    static final Money TOTAL = Money.of("29.97", "EUR");
    static final List<OrderLine> LINES = List.of(new OrderLine("USB-C-CABLE-2M", 3));
    static final Instant NOW = Instant.parse("2026-03-14T09:27:00Z");
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    /** 30 s per step; approval and compensation steps resend up to 3 times, waiting 60 s, then 90 s, then 90 s. */
    static final Deadlines DEADLINES = new Deadlines(STEP_TIMEOUT, Map.of(), 3, 2.0, Duration.ofSeconds(90));
    /** When the deadline of a saga built by {@link #aSaga()} has passed. */
    static final Instant AFTER_DEADLINE = NOW.plus(STEP_TIMEOUT);

    private SagaFixtures() {}

    /**
     * A saga of {@link #ORDER}, by default waiting for stock, read at version 3, awaiting the replies its state
     * normally awaits, with a deadline 25 s after {@link #NOW}.
     */
    static SagaBuilder aSaga() {
        return new SagaBuilder();
    }

    static OrderCreated orderCreated() {
        return new OrderCreated(ORDER, CUSTOMER, LINES, TOTAL);
    }

    static StockReserved stockReserved() {
        return new StockReserved(ORDER);
    }

    static StockUnavailable stockUnavailable() {
        return new StockUnavailable(ORDER);
    }

    static StockReleased stockReleased() {
        return new StockReleased(ORDER);
    }

    static StockCommitted stockCommitted() {
        return new StockCommitted(ORDER);
    }

    static PaymentAuthorized paymentAuthorized() {
        return new PaymentAuthorized(ORDER, TOTAL);
    }

    static PaymentDeclined paymentDeclined() {
        return new PaymentDeclined(ORDER, "INSUFFICIENT_CREDIT");
    }

    static PaymentVoided paymentVoided() {
        return new PaymentVoided(ORDER);
    }

    static PaymentCaptured paymentCaptured() {
        return new PaymentCaptured(ORDER);
    }

    static OrderApproved orderApproved() {
        return new OrderApproved(ORDER);
    }

    static OrderRejected orderRejected() {
        return new OrderRejected(ORDER, "PAYMENT_DECLINED");
    }

    /** One of each kind of event, for tests that range over all of them. */
    static List<SagaEvent> everyEvent() {
        return List.of(
                orderCreated(),
                stockReserved(),
                stockUnavailable(),
                stockReleased(),
                stockCommitted(),
                paymentAuthorized(),
                paymentDeclined(),
                paymentVoided(),
                paymentCaptured(),
                orderApproved(),
                orderRejected());
    }

    /** Builds a {@link CreateOrderSaga} as the repository would restore it. */
    static final class SagaBuilder {

        private SagaId id = new SagaId(java.util.UUID.fromString("0b8a3a53-5c1e-4f6e-9d57-3c2b1e0f9a11"));
        private CustomerId customer = CUSTOMER;
        private List<OrderLine> lines = LINES;
        private boolean defaultLines = true;
        private Money total = TOTAL;
        private SagaState state = SagaState.RESERVING_STOCK;
        private RejectionReason reason;
        private Instant deadline = NOW.minusSeconds(5).plus(STEP_TIMEOUT);
        private Set<Kind> awaiting;
        private int retries;
        private SagaState parkedIn;
        private long version = 3;

        SagaBuilder in(SagaState state) {
            this.state = state;
            if (state.isFinal()) {
                deadline = null;
            }
            return this;
        }

        /** Parked: in {@code parkedState}, parked in {@code step}, without a deadline, after every retry. */
        SagaBuilder parked(SagaState parkedState, SagaState step) {
            this.state = parkedState;
            this.parkedIn = step;
            this.deadline = null;
            this.retries = DEADLINES.maxRetries();
            return this;
        }

        SagaBuilder awaiting(Kind... kinds) {
            this.awaiting = kinds.length == 0 ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(List.of(kinds));
            return this;
        }

        SagaBuilder afterRetries(int retries) {
            this.retries = retries;
            return this;
        }

        SagaBuilder rejectedFor(RejectionReason reason) {
            this.reason = reason;
            return this;
        }

        SagaBuilder forCustomer(String customer) {
            this.customer = new CustomerId(customer);
            return this;
        }

        SagaBuilder withTotal(String amount) {
            this.total = Money.of(amount, "EUR");
            return this;
        }

        SagaBuilder withLine(String sku, int quantity) {
            if (defaultLines) {
                lines = new ArrayList<>();
                defaultLines = false;
            }
            lines.add(new OrderLine(sku, quantity));
            return this;
        }

        SagaBuilder atVersion(long version) {
            this.version = version;
            return this;
        }

        CreateOrderSaga build() {
            return CreateOrderSaga.restore(
                    id,
                    ORDER,
                    customer,
                    lines,
                    total,
                    state,
                    reason,
                    deadline,
                    awaiting != null ? awaiting : usuallyAwaited(parkedIn != null ? parkedIn : state),
                    retries,
                    parkedIn,
                    version);
        }

        // What a step waits for when it has just been entered (REJECTING_ORDER as after a declined payment).
        private static Set<Kind> usuallyAwaited(SagaState step) {
            return switch (step) {
                case RESERVING_STOCK -> Set.of(Kind.RESERVE_STOCK);
                case AUTHORIZING_PAYMENT -> Set.of(Kind.AUTHORIZE_PAYMENT);
                case APPROVING_ORDER -> Set.of(Kind.COMMIT_STOCK, Kind.CAPTURE_PAYMENT, Kind.APPROVE_ORDER);
                case RELEASING_STOCK -> Set.of(Kind.RELEASE_STOCK);
                case REJECTING_ORDER -> Set.of(Kind.REJECT_ORDER);
                default -> Set.of();
            };
        }
    }
}
