package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.saga.config.SagaProperties;
import dev.shopfloor.saga.createorder.Decision;
import dev.shopfloor.saga.createorder.RejectionReason;
import dev.shopfloor.saga.createorder.SagaState;
import dev.shopfloor.saga.createorder.SagaStep.Direction;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The orchestrator's saga metrics (Micrometer names; Prometheus names in brackets).
 *
 * <p>Counted when a saga's transition commits: {@link SagaRecorder} reports each write inside its transaction, and
 * the meters move only after that transaction commits. So a saga is counted once however often its messages are
 * delivered and however many orchestrator instances run: a redelivered or out-of-step message writes nothing, and of
 * two instances racing for one saga only the one whose optimistic version check passes commits.
 *
 * <ul>
 *   <li>{@code shopfloor.saga.started} {@code [shopfloor_saga_started_total]}: sagas created.
 *   <li>{@code shopfloor.saga.completed} {@code [shopfloor_saga_completed_total]}: sagas that ended {@code COMPLETED}
 *       (order approved).
 *   <li>{@code shopfloor.saga.compensated} {@code [shopfloor_saga_compensated_total]}, tag {@code reason} ({@code
 *       OUT_OF_STOCK}, {@code PAYMENT_DECLINED}, {@code TIMEOUT}): sagas that ended {@code COMPENSATED} (order
 *       rejected, every step undone). A saga parked in {@code COMPENSATION_FAILED} is counted when it ends.
 *   <li>{@code shopfloor.saga.duration} {@code [shopfloor_saga_duration_seconds_bucket|count|sum]}, tag {@code
 *       outcome} ({@code approved}, {@code rejected}): from the saga's creation to its final state, both as stored in
 *       {@code saga_instance}, so a restart of the orchestrator in between still measures the whole saga. Percentile
 *       histogram, 10 ms to 30 min.
 *   <li>{@code shopfloor.saga.step.duration} {@code [shopfloor_saga_step_duration_seconds_*]}, tags {@code step} (the
 *       state that ended, a {@link SagaState} name) and {@code outcome} ({@link StepOutcome}): from the time the saga
 *       entered the state to the transition that left it. Percentile histogram, 1 ms to 10 min.
 *   <li>{@code shopfloor.saga.overdue} {@code [shopfloor_saga_overdue]}: sagas whose deadline passed more than {@code
 *       shopfloor.saga.sweeper.overdue-grace} ago and that no sweep has handled: the deadline sweepers are behind or
 *       stuck. Read from the database at each scrape, so every instance reports the same number. Alert on it above 0.
 *   <li>{@code shopfloor.saga.parked} {@code [shopfloor_saga_parked]}, tag {@code state}: sagas parked right now in
 *       {@code COMPENSATION_FAILED} or {@code APPROVAL_FAILED}, read from the database at each scrape. Alert on it
 *       above 0.
 *   <li>{@code shopfloor.saga.deadlines} {@code [shopfloor_saga_deadlines_total]}, tags {@code step} and {@code
 *       action} ({@code compensated}, {@code resent}, {@code parked}): deadlines this instance handled.
 *   <li>{@code shopfloor.saga.operator.retries} {@code [shopfloor_saga_operator_retries_total]}: parked sagas an
 *       operator retried through this instance.
 * </ul>
 */
@Component
class SagaMetrics {

    /** How a step of a saga ended; the {@code outcome} tag of {@code shopfloor.saga.step.duration}, in lower case. */
    enum StepOutcome {
        /** The step got the replies it waited for and the saga moved on (forward, or on with its compensation). */
        SUCCEEDED,
        /** A participant refused ({@code StockUnavailable}, {@code PaymentDeclined}): the saga compensates. */
        FAILED,
        /** The step's deadline passed and the saga gave up on it: it compensates for {@code TIMEOUT}. */
        TIMED_OUT,
        /** The step's deadline passed after its last resend: the saga is parked for an operator. */
        PARKED,
        /** An operator retried the parked saga: it returns to the step it was parked in. */
        RETRIED;

        /**
         * How the step {@code decision.from()} ended, for a decision that moved the saga to another state.
         *
         * @param direction what caused the decision: a reply, a deadline, or an operator
         */
        static StepOutcome of(Decision decision, Direction direction) {
            SagaState to = decision.state();
            if (direction == Direction.OPERATOR) {
                return RETRIED;
            }
            if (to.isParked()) {
                return PARKED;
            }
            if (direction == Direction.TIMED_OUT) {
                return TIMED_OUT;
            }
            return compensating(to) && !compensating(decision.from()) ? FAILED : SUCCEEDED;
        }

        private static boolean compensating(SagaState state) {
            return state == SagaState.RELEASING_STOCK
                    || state == SagaState.REJECTING_ORDER
                    || state == SagaState.COMPENSATION_FAILED;
        }

        String tagValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Counter started;
    private final Counter completed;
    private final Map<RejectionReason, Counter> compensated = new EnumMap<>(RejectionReason.class);
    private final Timer approvedDuration;
    private final Timer rejectedDuration;
    private final Counter operatorRetries;

    @Autowired
    SagaMetrics(MeterRegistry registry, CreateOrderSagas sagas, Clock clock, SagaProperties properties) {
        this(
                registry,
                sagas::countByState,
                () -> sagas.countOverdue(
                        clock.instant().minus(properties.sweeper().overdueGrace())));
    }

    /**
     * @param countByState the number of sagas in each state, now
     * @param overdue the number of sagas past their deadline by more than the grace, now
     */
    private static final java.util.List<String> DEADLINE_ACTIONS = java.util.List.of("compensated", "resent", "parked");

    SagaMetrics(MeterRegistry registry, Supplier<Map<SagaState, Long>> countByState, LongSupplier overdue) {
        this.registry = registry;
        Arrays.stream(SagaState.values())
                .filter(SagaState::isParked)
                .forEach(state -> Gauge.builder(
                                "shopfloor.saga.parked",
                                () -> countByState.get().getOrDefault(state, 0L))
                        .description("Sagas parked in this state, waiting for an operator")
                        .tag("state", state.name())
                        .register(registry));
        Gauge.builder("shopfloor.saga.overdue", overdue::getAsLong)
                .description("Sagas past their step's deadline by more than the grace that no sweep has handled")
                .register(registry);
        this.started = Counter.builder("shopfloor.saga.started")
                .description("Sagas started")
                .register(registry);
        this.completed = Counter.builder("shopfloor.saga.completed")
                .description("Sagas that ended with the order approved")
                .register(registry);
        for (RejectionReason reason : RejectionReason.values()) {
            compensated.put(
                    reason,
                    Counter.builder("shopfloor.saga.compensated")
                            .description("Sagas that ended with the order rejected and every step undone")
                            .tag("reason", reason.name())
                            .register(registry));
        }
        this.approvedDuration = sagaDuration("approved");
        this.rejectedDuration = sagaDuration("rejected");
        // every step that can pass its deadline, with each thing the saga may do about it: 0 until it happens, so a
        // dashboard shows a flat line rather than no data
        Arrays.stream(SagaState.values())
                .filter(state -> !state.isFinal() && !state.isParked())
                .forEach(step -> DEADLINE_ACTIONS.forEach(action -> deadlines(step, action)));
        this.operatorRetries = Counter.builder("shopfloor.saga.operator.retries")
                .description("Parked sagas an operator retried")
                .register(registry);
    }

    private Timer sagaDuration(String outcome) {
        return Timer.builder("shopfloor.saga.duration")
                .description("Time from a saga's creation to its final state")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry);
    }

    /** A saga was created in the current transaction: counted when it commits. */
    void sagaStarted() {
        afterCommit(started::increment);
    }

    /**
     * A saga was written in the current transaction: when it commits, records the end of the step it left, if it
     * left one, and the end of the saga, if it ended.
     *
     * @param direction what caused the write: a reply, a deadline, or an operator
     * @param before when the saga was created and entered the state {@code decision.from()}, as stored before the
     *     write
     * @param now the time of the write
     */
    void sagaChanged(Decision decision, Direction direction, CreateOrderSagas.Timeline before, Instant now) {
        SagaState from = decision.from();
        SagaState to = decision.state();
        if (from == to) {
            return;
        }
        Duration step = Duration.between(before.stepStartedAt(), now);
        StepOutcome outcome = StepOutcome.of(decision, direction);
        afterCommit(() -> stepDuration(from, outcome).record(step));
        if (!from.isFinal() && to.isFinal()) {
            Duration saga = Duration.between(before.createdAt(), now);
            if (to == SagaState.COMPLETED) {
                afterCommit(() -> {
                    completed.increment();
                    approvedDuration.record(saga);
                });
            } else {
                Counter reason =
                        compensated.get(decision.saga().rejectionReason().orElseThrow());
                afterCommit(() -> {
                    reason.increment();
                    rejectedDuration.record(saga);
                });
            }
        }
    }

    private Timer stepDuration(SagaState step, StepOutcome outcome) {
        return Timer.builder("shopfloor.saga.step.duration")
                .description("Time a saga spent in one state, until the transition that left it")
                .tag("step", step.name())
                .tag("outcome", outcome.tagValue())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    void deadlinePassed(Decision decision) {
        String action = decision.state().isParked()
                ? "parked"
                : decision.outcome() == Decision.Outcome.MOVED ? "compensated" : "resent";
        deadlines(decision.from(), action).increment();
    }

    private Counter deadlines(SagaState step, String action) {
        return Counter.builder("shopfloor.saga.deadlines")
                .description("Saga steps whose deadline passed, by what the saga did about it")
                .tag("step", step.name())
                .tag("action", action)
                .register(registry);
    }

    void operatorRetried() {
        operatorRetries.increment();
    }

    // The recorder's writes join a transaction (propagation MANDATORY), so there always is one to wait for.
    private static void afterCommit(Runnable count) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("saga metrics are counted after a transaction commits; there is none");
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count.run();
            }
        });
    }
}
