package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.messaging.outbox.Outbox;
import dev.shopfloor.saga.createorder.Decision;
import dev.shopfloor.saga.createorder.SagaCommand;
import dev.shopfloor.saga.createorder.SagaStep;
import dev.shopfloor.saga.createorder.SagaStep.Direction;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes what a saga decided, in the caller's transaction: the saga row, its step log (what happened, then each
 * command sent) and the commands in the outbox, and reports the write to {@link SagaMetrics}, which counts it once the
 * transaction commits. Shared by the message handler, the deadline sweeper and the operator's retry, so all three
 * leave the same trace.
 */
@Component
class SagaRecorder {

    private final Outbox outbox;
    private final CreateOrderSagas sagas;
    private final SagaMetrics metrics;
    private final CommandWriter writer = new CommandWriter();

    SagaRecorder(Outbox outbox, CreateOrderSagas sagas, SagaMetrics metrics) {
        this.outbox = outbox;
        this.sagas = sagas;
        this.metrics = metrics;
    }

    /** Stores a new saga, then logs and sends as {@link #changed} does. */
    @Transactional(propagation = Propagation.MANDATORY)
    void started(Decision decision, String received, Instant now) {
        sagas.insert(decision.saga(), now);
        log(decision, Direction.RECEIVED, received, now);
        metrics.sagaStarted();
    }

    /**
     * Stores the changed saga (optimistic version check), logs {@code what} happened in the state the saga was in,
     * and sends the decision's commands.
     *
     * @param direction {@code RECEIVED} for a message, {@code TIMED_OUT} for a deadline, {@code OPERATOR} for a retry
     * @param what the message type, or {@link SagaStep#DEADLINE_PASSED} / {@link SagaStep#RETRY_REQUESTED}
     * @throws org.springframework.dao.OptimisticLockingFailureException when the saga changed since it was read
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void changed(Decision decision, Direction direction, String what, Instant now) {
        CreateOrderSagas.Timeline before = sagas.update(decision.saga(), now);
        log(decision, direction, what, now);
        metrics.sagaChanged(decision, direction, before, now);
    }

    private void log(Decision decision, Direction direction, String what, Instant now) {
        List<SagaStep> steps = new ArrayList<>();
        steps.add(new SagaStep(decision.from(), direction, what, now));
        for (SagaCommand command : decision.commands()) {
            OutboundMessage outbound = writer.write(command, decision.saga().id());
            outbox.append(outbound);
            steps.add(new SagaStep(
                    decision.state(), Direction.SENT, outbound.type().value(), now));
        }
        sagas.log(decision.saga().id(), steps);
    }
}
