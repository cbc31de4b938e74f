package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.Deadlines;
import dev.shopfloor.saga.createorder.Decision;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaNotFound;
import dev.shopfloor.saga.createorder.SagaNotParked;
import dev.shopfloor.saga.createorder.SagaState;
import dev.shopfloor.saga.createorder.SagaStep;
import dev.shopfloor.saga.createorder.SagaStep.Direction;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an operator can do about parked sagas (ADR 0005): list them, and retry one once its participant is healthy
 * again. A retry resends the unanswered commands of the step the saga was parked in, in one transaction with the
 * saga's change and its step log line, exactly as the saga itself would have.
 */
@Service
public class SagaAdministration {

    private static final Logger log = LoggerFactory.getLogger(SagaAdministration.class);

    private final CreateOrderSagas sagas;
    private final SagaRecorder recorder;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Deadlines deadlines;
    private final SagaMetrics metrics;
    private final SagaStepObserver observer;

    SagaAdministration(
            CreateOrderSagas sagas,
            SagaRecorder recorder,
            TransactionTemplate transactions,
            Clock clock,
            Deadlines deadlines,
            SagaMetrics metrics,
            SagaStepObserver observer) {
        this.sagas = sagas;
        this.recorder = recorder;
        this.transactions = transactions;
        this.clock = clock;
        this.deadlines = deadlines;
        this.metrics = metrics;
        this.observer = observer;
    }

    /** Sagas in {@code state}, longest unchanged first. */
    public List<CreateOrderSagas.Stored> inState(SagaState state, int page, int size) {
        return sagas.findByState(state, page * size, size);
    }

    /**
     * Retries a parked saga.
     *
     * @return the saga after the retry: back in the step it was parked in, with a fresh deadline
     * @throws SagaNotFound when no saga has this id
     * @throws SagaNotParked when the saga is not parked
     */
    public CreateOrderSaga retry(SagaId id) {
        Decision decision = transactions.execute(status -> {
            CreateOrderSaga saga = sagas.lock(id).orElseThrow(() -> SagaNotFound.withId(id));
            return observer.observe(
                    saga.state(), SagaStep.RETRY_REQUESTED, saga.orderId(), saga.id(), () -> retry(saga));
        });
        metrics.operatorRetried();
        return decision.saga();
    }

    private Decision retry(CreateOrderSaga saga) {
        Instant now = clock.instant();
        Decision retried = saga.retry(now, deadlines);
        recorder.changed(retried, Direction.OPERATOR, SagaStep.RETRY_REQUESTED, now);
        log.info(
                "Operator retried saga {} of order {}: {} -> {}, resent {}",
                saga.id(),
                saga.orderId(),
                retried.from(),
                retried.state(),
                retried.commands().size());
        return retried;
    }
}
