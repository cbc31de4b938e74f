package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.messaging.inbox.Inbox;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.Deadlines;
import dev.shopfloor.saga.createorder.Decision;
import dev.shopfloor.saga.createorder.SagaEvent;
import dev.shopfloor.saga.createorder.SagaEvent.OrderCreated;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaState;
import dev.shopfloor.saga.createorder.SagaStep.Direction;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies one incoming message to its saga, in one transaction: the inbox entry, the saga's new state, its step
 * log and the commands it sends (through the outbox) commit together or not at all.
 *
 * <p>A reply locks its saga's row ({@code select ... for update}) for the transaction, so it never races the deadline
 * sweeper or an operator's retry for the same saga.
 *
 * <p>Failures roll the whole transaction back and leave the record to the Kafka error handler: an optimistic-lock
 * conflict, a database error or a reply whose saga is not there (yet) is retried (the retry re-reads the saga), a
 * {@link PoisonMessageException} or a JSON error goes to the dead-letter topic at once.
 */
@Component
class SagaMessageHandler {

    private static final Logger log = LoggerFactory.getLogger(SagaMessageHandler.class);

    private final Inbox inbox;
    private final CreateOrderSagas sagas;
    private final SagaRecorder recorder;
    private final EventReader reader;
    private final Clock clock;
    private final Deadlines deadlines;
    private final SagaStepObserver observer;

    SagaMessageHandler(
            Inbox inbox,
            CreateOrderSagas sagas,
            SagaRecorder recorder,
            JsonMapper json,
            Clock clock,
            Deadlines deadlines,
            SagaStepObserver observer) {
        this.inbox = inbox;
        this.sagas = sagas;
        this.recorder = recorder;
        this.reader = new EventReader(json);
        this.clock = clock;
        this.deadlines = deadlines;
        this.observer = observer;
    }

    /**
     * Handles a message from {@code order.events}: {@code OrderCreated} starts a saga, unless the order already
     * has one; any other type is not for the orchestrator and is skipped.
     */
    @Transactional
    public void onOrderEvent(InboundMessage message) {
        if (!EventReader.ORDER_CREATED.equals(message.type())) {
            log.info(
                    "Skipping {} {} on order.events: the orchestrator only starts sagas",
                    message.type(),
                    message.messageId());
            return;
        }
        if (!inbox.firstDelivery(message)) {
            log.info("Skipping redelivered {} {}", message.type(), message.messageId());
            return;
        }
        OrderCreated created = reader.orderCreated(message.payload());
        Optional<CreateOrderSaga> existing = sagas.findByOrder(created.orderId());
        if (existing.isPresent()) {
            log.info(
                    "Order {} already has saga {}; {} {} starts nothing",
                    created.orderId(),
                    existing.get().id(),
                    message.type(),
                    message.messageId());
            return;
        }
        SagaId sagaId = SagaId.random();
        observer.observe(SagaState.STARTED, message.type(), created.orderId(), sagaId, () -> {
            Instant now = clock.instant();
            Decision decision = CreateOrderSaga.start(sagaId, created, now, deadlines);
            recorder.started(decision, message.type(), now);
            log.info("Started saga {} for order {}", sagaId, created.orderId());
        });
    }

    /**
     * Handles a participant's reply from {@code saga.replies}.
     *
     * @throws PoisonMessageException for an unknown message type, an invalid body, a malformed {@code saga-id}, or
     *     a {@code saga-id} that belongs to another order than the body names
     * @throws SagaNotFound when no saga matches the reply: retried by the Kafka error handler (with backoff,
     *     {@code shopfloor.messaging.consumer.attempts}), then dead-lettered. A participant can answer before the
     *     transaction that started the saga is visible here: the outbox relay reads the command from the WAL, where the
     *     commit is a moment before other sessions see it.
     */
    @Transactional
    public void onReply(InboundMessage message) {
        if (!inbox.firstDelivery(message)) {
            log.info("Skipping redelivered {} {}", message.type(), message.messageId());
            return;
        }
        SagaEvent reply = reader.reply(message.type(), message.payload());
        Optional<CreateOrderSaga> found = sagaOf(message, reply);
        if (found.isEmpty()) {
            // Not committed yet, or none: the error handler retries (the saga may become visible), then dead-letters.
            throw new SagaNotFound("no saga for " + message.type() + " " + message.messageId() + " (order "
                    + reply.orderId() + ", saga-id " + message.sagaId() + ") yet");
        }
        CreateOrderSaga saga = found.get();
        observer.observe(saga.state(), message.type(), saga.orderId(), saga.id(), () -> apply(reply, saga, message));
    }

    /** No saga matches a reply (yet); retryable, unlike a {@link PoisonMessageException}. */
    static final class SagaNotFound extends RuntimeException {
        SagaNotFound(String message) {
            super(message);
        }
    }

    private void apply(SagaEvent reply, CreateOrderSaga saga, InboundMessage message) {
        Instant now = clock.instant();
        Decision decision = saga.handle(reply, now, deadlines);
        if (!decision.changesSaga()) {
            log.info(
                    "Saga {} in {} ignores out-of-step {} {}",
                    saga.id(),
                    saga.state(),
                    message.type(),
                    message.messageId());
            return;
        }
        recorder.changed(decision, Direction.RECEIVED, message.type(), now);
        log.info(
                "Saga {} {} -> {} on {}, sent {}",
                saga.id(),
                decision.from(),
                decision.state(),
                message.type(),
                decision.commands().size());
    }

    // The saga's row stays locked until the transaction ends: the deadline sweeper skips it meanwhile, so a reply
    // and a deadline never race for one saga.
    private Optional<CreateOrderSaga> sagaOf(InboundMessage message, SagaEvent reply) {
        if (message.sagaId() == null) {
            return sagas.findByOrder(reply.orderId()).flatMap(saga -> sagas.lock(saga.id()));
        }
        SagaId id;
        try {
            id = SagaId.parse(message.sagaId());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("saga-id is not a UUID: " + message.sagaId(), e);
        }
        Optional<CreateOrderSaga> saga = sagas.lock(id);
        if (saga.isPresent() && !saga.get().orderId().equals(reply.orderId())) {
            throw new PoisonMessageException("saga " + id + " belongs to order "
                    + saga.get().orderId() + ", but the reply is about order " + reply.orderId());
        }
        return saga;
    }
}
