package dev.shopfloor.saga.createorder.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.CustomerId;
import dev.shopfloor.saga.createorder.Deadlines;
import dev.shopfloor.saga.createorder.Decision;
import dev.shopfloor.saga.createorder.Money;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.OrderLine;
import dev.shopfloor.saga.createorder.SagaEvent;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaState;
import dev.shopfloor.saga.createorder.SagaStep.Direction;
import dev.shopfloor.saga.createorder.messaging.SagaMetrics.StepOutcome;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas.Timeline;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What {@link SagaMetrics} counts for each saga write, and when: only after the write's transaction commits, once
 * per transition. The transaction is played by hand: synchronizations are registered, then committed or dropped.
 */
class SagaMetricsTest {

    private static final OrderId ORDER = new OrderId(7231048573012345678L);
    private static final Deadlines DEADLINES = Deadlines.everyStep(Duration.ofSeconds(30));
    private static final Instant CREATED = Instant.parse("2026-03-14T09:27:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SagaMetrics metrics =
            new SagaMetrics(registry, () -> Map.of(SagaState.APPROVAL_FAILED, 2L), () -> 3L);

    @BeforeEach
    void beginTransaction() {
        TransactionSynchronizationManager.initSynchronization();
    }

    @AfterEach
    void endTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void countsAStartedSagaOnlyWhenItsTransactionCommits() {
        metrics.sagaStarted();
        assertThat(registry.get("shopfloor.saga.started").counter().count()).isZero();

        commit();

        assertThat(registry.get("shopfloor.saga.started").counter().count()).isEqualTo(1);
    }

    @Test
    void countsNothingWhenTheTransactionRollsBack() {
        Decision completed = lastApprovalReply(approvingOrder());
        assertThat(completed.state()).isEqualTo(SagaState.COMPLETED);

        metrics.sagaStarted();
        metrics.sagaChanged(completed, Direction.RECEIVED, timeline(CREATED, CREATED), CREATED.plusSeconds(4));
        rollBack();

        assertThat(registry.get("shopfloor.saga.started").counter().count()).isZero();
        assertThat(registry.get("shopfloor.saga.completed").counter().count()).isZero();
        assertThat(registry.get("shopfloor.saga.duration")
                        .tag("outcome", "approved")
                        .timer()
                        .count())
                .isZero();
        assertThat(registry.find("shopfloor.saga.step.duration").timers()).isEmpty();
    }

    @Test
    void measuresACompletedSagaFromItsStoredCreationTime() {
        CreateOrderSaga approving = approvingOrder();
        Decision completed = lastApprovalReply(approving);
        Instant stepStarted = CREATED.plusSeconds(3);
        Instant now = CREATED.plusSeconds(5);

        metrics.sagaChanged(completed, Direction.RECEIVED, timeline(CREATED, stepStarted), now);
        commit();

        assertThat(registry.get("shopfloor.saga.completed").counter().count()).isEqualTo(1);
        Timer duration = registry.get("shopfloor.saga.duration")
                .tag("outcome", "approved")
                .timer();
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
        Timer step = registry.get("shopfloor.saga.step.duration")
                .tags("step", "APPROVING_ORDER", "outcome", "succeeded")
                .timer();
        assertThat(step.count()).isEqualTo(1);
        assertThat(step.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
        assertThat(registry.get("shopfloor.saga.duration")
                        .tag("outcome", "rejected")
                        .timer()
                        .count())
                .isZero();
    }

    @Test
    void countsACompensatedSagaByItsRejectionReason() {
        CreateOrderSaga rejecting = reservingStock()
                .handle(new SagaEvent.StockUnavailable(ORDER), CREATED.plusSeconds(1), DEADLINES)
                .saga();
        Decision compensated =
                rejecting.handle(new SagaEvent.OrderRejected(ORDER, "OUT_OF_STOCK"), CREATED.plusSeconds(2), DEADLINES);

        metrics.sagaChanged(
                compensated, Direction.RECEIVED, timeline(CREATED, CREATED.plusSeconds(1)), CREATED.plusSeconds(2));
        commit();

        assertThat(registry.get("shopfloor.saga.compensated")
                        .tag("reason", "OUT_OF_STOCK")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("shopfloor.saga.compensated")
                        .tag("reason", "TIMEOUT")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("shopfloor.saga.completed").counter().count()).isZero();
        Timer duration = registry.get("shopfloor.saga.duration")
                .tag("outcome", "rejected")
                .timer();
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
    }

    @Test
    void countsNoSecondEndForAReplyNotedAfterTheSagaEnded() {
        CreateOrderSaga completed = lastApprovalReply(approvingOrder()).saga();
        Decision noted = completed.handle(new SagaEvent.StockCommitted(ORDER), CREATED.plusSeconds(9), DEADLINES);
        assertThat(noted.changesSaga()).isTrue();

        metrics.sagaChanged(
                noted, Direction.RECEIVED, timeline(CREATED, CREATED.plusSeconds(5)), CREATED.plusSeconds(9));
        commit();

        assertThat(registry.get("shopfloor.saga.completed").counter().count()).isZero();
        assertThat(registry.get("shopfloor.saga.duration")
                        .tag("outcome", "approved")
                        .timer()
                        .count())
                .isZero();
        assertThat(registry.find("shopfloor.saga.step.duration").timers()).isEmpty();
    }

    @Test
    void measuresNoStepForADecisionThatKeepsTheSagaInItsState() {
        CreateOrderSaga approving = approvingOrder();
        Decision firstOfThreeReplies =
                approving.handle(new SagaEvent.StockCommitted(ORDER), CREATED.plusSeconds(4), DEADLINES);
        Decision resent = approving.deadlinePassed(CREATED.plusSeconds(60), DEADLINES);

        metrics.sagaChanged(
                firstOfThreeReplies, Direction.RECEIVED, timeline(CREATED, CREATED), CREATED.plusSeconds(4));
        metrics.sagaChanged(resent, Direction.TIMED_OUT, timeline(CREATED, CREATED), CREATED.plusSeconds(60));
        commit();

        assertThat(registry.find("shopfloor.saga.step.duration").timers()).isEmpty();
    }

    @Test
    void namesHowEachStepEnded() {
        CreateOrderSaga reserving = reservingStock();
        CreateOrderSaga authorizing = reserving
                .handle(new SagaEvent.StockReserved(ORDER), CREATED, DEADLINES)
                .saga();
        CreateOrderSaga releasing = authorizing
                .handle(new SagaEvent.PaymentDeclined(ORDER, "NO_ACCOUNT"), CREATED, DEADLINES)
                .saga();
        Instant late = CREATED.plus(Duration.ofHours(1));
        CreateOrderSaga parked = parkedApproval();

        assertThat(outcome(
                        reserving.handle(new SagaEvent.StockReserved(ORDER), CREATED, DEADLINES), Direction.RECEIVED))
                .isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(outcome(
                        reserving.handle(new SagaEvent.StockUnavailable(ORDER), CREATED, DEADLINES),
                        Direction.RECEIVED))
                .isEqualTo(StepOutcome.FAILED);
        assertThat(outcome(
                        authorizing.handle(new SagaEvent.PaymentDeclined(ORDER, "NO_ACCOUNT"), CREATED, DEADLINES),
                        Direction.RECEIVED))
                .isEqualTo(StepOutcome.FAILED);
        assertThat(outcome(
                        releasing.handle(new SagaEvent.StockReleased(ORDER), CREATED, DEADLINES), Direction.RECEIVED))
                .isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(outcome(authorizing.deadlinePassed(late, DEADLINES), Direction.TIMED_OUT))
                .isEqualTo(StepOutcome.TIMED_OUT);
        assertThat(parked.state()).isEqualTo(SagaState.APPROVAL_FAILED);
        assertThat(outcome(parked.retry(late, DEADLINES), Direction.OPERATOR)).isEqualTo(StepOutcome.RETRIED);
        assertThat(outcome(lastApprovalReply(parked), Direction.RECEIVED)).isEqualTo(StepOutcome.SUCCEEDED);
    }

    @Test
    void tagsTheStepDurationOfAParkedStepWithParked() {
        CreateOrderSaga approving = approvingOrder();
        Decision parking = parkingDecision(approving);

        metrics.sagaChanged(parking, Direction.TIMED_OUT, timeline(CREATED, CREATED), CREATED.plusSeconds(600));
        commit();

        assertThat(registry.get("shopfloor.saga.step.duration")
                        .tags("step", "APPROVING_ORDER", "outcome", "parked")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void exportsEveryDeadlineCounterAtZeroBeforeAnyDeadlinePasses() {
        // a dashboard or alert on deadlines must find the series before the first one passes
        assertThat(registry.get("shopfloor.saga.deadlines")
                        .tag("step", "AUTHORIZING_PAYMENT")
                        .tag("action", "compensated")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.find("shopfloor.saga.deadlines").counters())
                .extracting(counter -> counter.getId().getTag("step"))
                .doesNotContain("COMPLETED", "COMPENSATED", "COMPENSATION_FAILED", "APPROVAL_FAILED")
                .contains("RESERVING_STOCK", "AUTHORIZING_PAYMENT", "APPROVING_ORDER", "RELEASING_STOCK");
    }

    @Test
    void readsTheOverdueAndParkedGaugesAtEachScrape() {
        assertThat(registry.get("shopfloor.saga.overdue").gauge().value()).isEqualTo(3);
        assertThat(registry.get("shopfloor.saga.parked")
                        .tag("state", "APPROVAL_FAILED")
                        .gauge()
                        .value())
                .isEqualTo(2);
        assertThat(registry.get("shopfloor.saga.parked")
                        .tag("state", "COMPENSATION_FAILED")
                        .gauge()
                        .value())
                .isZero();
    }

    private static StepOutcome outcome(Decision decision, Direction direction) {
        return StepOutcome.of(decision, direction);
    }

    private static CreateOrderSaga reservingStock() {
        SagaEvent.OrderCreated created = new SagaEvent.OrderCreated(
                ORDER, new CustomerId("cust-2077"), List.of(new OrderLine("PAD-XL", 1)), Money.of("15.00", "EUR"));
        return CreateOrderSaga.start(SagaId.random(), created, CREATED, DEADLINES)
                .saga();
    }

    private static CreateOrderSaga approvingOrder() {
        return reservingStock()
                .handle(new SagaEvent.StockReserved(ORDER), CREATED.plusSeconds(1), DEADLINES)
                .saga()
                .handle(
                        new SagaEvent.PaymentAuthorized(ORDER, Money.of("15.00", "EUR")),
                        CREATED.plusSeconds(3),
                        DEADLINES)
                .saga();
    }

    // the three replies of the approval step; the last one completes the saga
    private static Decision lastApprovalReply(CreateOrderSaga approving) {
        CreateOrderSaga two = approving
                .handle(new SagaEvent.StockCommitted(ORDER), CREATED.plusSeconds(4), DEADLINES)
                .saga();
        CreateOrderSaga one = two.handle(new SagaEvent.PaymentCaptured(ORDER), CREATED.plusSeconds(4), DEADLINES)
                .saga();
        return one.handle(new SagaEvent.OrderApproved(ORDER), CREATED.plusSeconds(5), DEADLINES);
    }

    // deadlines pass until the retries run out and the saga parks
    private static Decision parkingDecision(CreateOrderSaga approving) {
        CreateOrderSaga saga = approving;
        Instant at = CREATED.plus(Duration.ofHours(1));
        Decision decision = saga.deadlinePassed(at, DEADLINES);
        while (!decision.state().isParked()) {
            saga = decision.saga();
            at = at.plus(Duration.ofHours(1));
            decision = saga.deadlinePassed(at, DEADLINES);
        }
        return decision;
    }

    private static CreateOrderSaga parkedApproval() {
        return parkingDecision(approvingOrder()).saga();
    }

    private static Timeline timeline(Instant createdAt, Instant stepStartedAt) {
        return new Timeline(createdAt, stepStartedAt);
    }

    private static void commit() {
        List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        synchronizations.forEach(TransactionSynchronization::afterCommit);
    }

    private static void rollBack() {
        TransactionSynchronizationManager.clearSynchronization();
    }
}
