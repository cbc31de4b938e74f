package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.saga.config.SagaProperties;
import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.Deadlines;
import dev.shopfloor.saga.createorder.Decision;
import dev.shopfloor.saga.createorder.SagaStep;
import dev.shopfloor.saga.createorder.SagaStep.Direction;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds sagas whose current step is past its deadline and lets each saga decide what that means ({@link
 * CreateOrderSaga#deadlinePassed}): compensate, resend, or park. Deadlines live in {@code saga_instance.deadline_at},
 * not in memory, so a saga whose deadline passed while the orchestrator was down is handled by the first sweep after
 * it starts again.
 *
 * <p>Every {@code shopfloor.saga.sweeper.interval} one sweep handles up to {@code batch-size} sagas, each in its own
 * transaction that locks the saga's row with {@code for update skip locked}: several orchestrator instances sweep at
 * once without handling a saga twice, and a saga whose reply is being handled right now is left for the next sweep.
 * A failing sweep is logged and the next one tries again.
 */
@Component
class DeadlineSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadlineSweeper.class);

    private final CreateOrderSagas sagas;
    private final SagaRecorder recorder;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Deadlines deadlines;
    private final SagaProperties.Sweeper settings;
    private final SagaMetrics metrics;
    private final SagaStepObserver observer;
    private ScheduledExecutorService scheduler;

    DeadlineSweeper(
            CreateOrderSagas sagas,
            SagaRecorder recorder,
            TransactionTemplate transactions,
            Clock clock,
            Deadlines deadlines,
            SagaProperties properties,
            SagaMetrics metrics,
            SagaStepObserver observer) {
        this.sagas = sagas;
        this.recorder = recorder;
        this.transactions = transactions;
        this.clock = clock;
        this.deadlines = deadlines;
        this.settings = properties.sweeper();
        this.metrics = metrics;
        this.observer = observer;
    }

    /**
     * Handles the sagas past their deadline now, up to the batch size.
     *
     * @return how many sagas were handled
     */
    int sweep() {
        int handled = 0;
        while (handled < settings.batchSize()) {
            Optional<Decision> decision = transactions.execute(status -> sweepOne());
            if (decision == null || decision.isEmpty()) {
                break;
            }
            metrics.deadlinePassed(decision.get());
            handled++;
        }
        return handled;
    }

    private Optional<Decision> sweepOne() {
        Instant now = clock.instant();
        Optional<CreateOrderSaga> due = sagas.lockNextDue(now);
        if (due.isEmpty()) {
            return Optional.empty();
        }
        CreateOrderSaga saga = due.get();
        // the deadline is the saga's own doing: it continues the order's trace rather than starting one
        return Optional.of(observer.resuming(
                sagas.traceparent(saga.id()),
                saga.orderId(),
                saga.id(),
                () -> observer.observe(
                        saga.state(), SagaStep.DEADLINE_PASSED, saga.orderId(), saga.id(), () -> timeOut(saga, now))));
    }

    private Decision timeOut(CreateOrderSaga saga, Instant now) {
        Decision decision = saga.deadlinePassed(now, deadlines);
        recorder.changed(decision, Direction.TIMED_OUT, SagaStep.DEADLINE_PASSED, now);
        log.info(
                "Saga {} of order {} passed its deadline in {}: now {}{}, sent {}",
                saga.id(),
                saga.orderId(),
                decision.from(),
                decision.state(),
                decision.saga()
                        .parkedIn()
                        .map(step -> " (parked in " + step + ")")
                        .orElse(""),
                decision.commands().size());
        return decision;
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Deadline sweep failed; the next one tries again: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("saga-deadlines").daemon().factory());
        long interval = settings.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::sweepSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
