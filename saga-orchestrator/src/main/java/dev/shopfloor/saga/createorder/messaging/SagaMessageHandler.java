package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.messaging.inbox.Inbox;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.messaging.outbox.Outbox;
import dev.shopfloor.saga.config.SagaProperties;
import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.Decision;
import dev.shopfloor.saga.createorder.SagaCommand;
import dev.shopfloor.saga.createorder.SagaEvent;
import dev.shopfloor.saga.createorder.SagaEvent.OrderCreated;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaStep;
import dev.shopfloor.saga.createorder.SagaStep.Direction;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Failures roll the whole transaction back and leave the record to the Kafka error handler: an optimistic-lock
 * conflict or a database error is retried (the retry re-reads the saga), a {@link PoisonMessageException} or a
 * JSON error goes to the dead-letter topic at once.
 */
@Component
class SagaMessageHandler {

    private static final Logger log = LoggerFactory.getLogger(SagaMessageHandler.class);

    private final Inbox inbox;
    private final Outbox outbox;
    private final CreateOrderSagas sagas;
    private final EventReader reader;
    private final CommandWriter writer = new CommandWriter();
    private final Clock clock;
    private final SagaProperties properties;

    SagaMessageHandler(
            Inbox inbox,
            Outbox outbox,
            CreateOrderSagas sagas,
            JsonMapper json,
            Clock clock,
            SagaProperties properties) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.sagas = sagas;
        this.reader = new EventReader(json);
        this.clock = clock;
        this.properties = properties;
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
        Instant now = clock.instant();
        Decision decision = CreateOrderSaga.start(SagaId.random(), created, now, properties.stepTimeout());
        sagas.insert(decision.saga(), now);
        record(decision, message, now);
        log.info("Started saga {} for order {}", decision.saga().id(), created.orderId());
    }

    /**
     * Handles a participant's reply from {@code saga.replies}.
     *
     * @throws PoisonMessageException for an unknown message type, an invalid body, a malformed {@code saga-id}, or
     *     a {@code saga-id} that belongs to another order than the body names
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
            log.warn(
                    "No saga for {} {} (order {}, saga-id {}); skipped",
                    message.type(),
                    message.messageId(),
                    reply.orderId(),
                    message.sagaId());
            return;
        }
        CreateOrderSaga saga = found.get();
        Instant now = clock.instant();
        Decision decision = saga.handle(reply, now, properties.stepTimeout());
        if (!decision.changesSaga()) {
            log.info(
                    "Saga {} in {} ignores out-of-step {} {}",
                    saga.id(),
                    saga.state(),
                    message.type(),
                    message.messageId());
            return;
        }
        sagas.update(decision.saga(), now);
        record(decision, message, now);
        log.info(
                "Saga {} {} -> {} on {}, sent {}",
                saga.id(),
                decision.from(),
                decision.state(),
                message.type(),
                decision.commands().size());
    }

    private Optional<CreateOrderSaga> sagaOf(InboundMessage message, SagaEvent reply) {
        if (message.sagaId() == null) {
            return sagas.findByOrder(reply.orderId());
        }
        SagaId id;
        try {
            id = SagaId.parse(message.sagaId());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("saga-id is not a UUID: " + message.sagaId(), e);
        }
        Optional<CreateOrderSaga> saga = sagas.find(id);
        if (saga.isPresent() && !saga.get().orderId().equals(reply.orderId())) {
            throw new PoisonMessageException("saga " + id + " belongs to order "
                    + saga.get().orderId() + ", but the reply is about order " + reply.orderId());
        }
        return saga;
    }

    // The received message, then each command in the order the saga sent them.
    private void record(Decision decision, InboundMessage received, Instant now) {
        List<SagaStep> steps = new ArrayList<>();
        steps.add(new SagaStep(decision.from(), Direction.RECEIVED, received.type(), now));
        for (SagaCommand command : decision.commands()) {
            OutboundMessage outbound = writer.write(command, decision.saga().id());
            outbox.append(outbound);
            steps.add(new SagaStep(
                    decision.state(), Direction.SENT, outbound.type().value(), now));
        }
        sagas.log(decision.saga().id(), steps);
    }
}
