package dev.shopfloor.order.approval;

import dev.shopfloor.messaging.MessageType;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.messaging.inbox.Inbox;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.messaging.outbox.Outbox;
import dev.shopfloor.order.domain.IllegalOrderTransition;
import dev.shopfloor.order.domain.Order;
import dev.shopfloor.order.domain.RejectionReason;
import dev.shopfloor.order.persistence.Orders;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order's part in the order saga: approves or rejects an order on the orchestrator's command and replies on
 * {@code saga.replies} with the command's {@code saga-id}.
 *
 * <p>Idempotent twice over: the inbox skips a redelivered message id, and a command for an order that already
 * stands where it asks (approve an approved order) changes nothing but is answered again. A command the order can no
 * longer follow (approve a rejected order) is logged and answered with nothing; it never fails the consumer. A
 * command for an order this service does not have is poison and goes to the dead-letter topic.
 */
@Service
public class OrderApproval {

    static final MessageType ORDER_APPROVED = MessageType.of("order.OrderApproved.v1");
    static final MessageType ORDER_REJECTED = MessageType.of("order.OrderRejected.v1");

    private static final Logger log = LoggerFactory.getLogger(OrderApproval.class);

    private final Inbox inbox;
    private final Outbox outbox;
    private final Orders orders;
    private final Clock clock;

    public OrderApproval(Inbox inbox, Outbox outbox, Orders orders, Clock clock) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.orders = orders;
        this.clock = clock;
    }

    /**
     * Applies {@code command}, carried by {@code message}, in one transaction with the inbox record and the reply.
     *
     * @return the reply sent, or empty when the message was a duplicate or the order could not follow the command
     * @throws PoisonMessageException when the order does not exist
     */
    @Transactional
    public Optional<OrderReply> handle(InboundMessage message, OrderCommand command) {
        if (!inbox.firstDelivery(message)) {
            log.debug("skipping duplicate message {}", message.messageId());
            return Optional.empty();
        }
        Order order = orders.find(command.orderId())
                .orElseThrow(() -> new PoisonMessageException(
                        message.type() + " " + message.messageId() + " names unknown order " + command.orderId()));
        OrderReply reply;
        try {
            reply = switch (command) {
                case OrderCommand.ApproveOrder approve -> {
                    if (order.approve(clock.instant().truncatedTo(ChronoUnit.MILLIS))) {
                        orders.update(order);
                    }
                    yield new OrderReply.OrderApproved(order.id());
                }
                case OrderCommand.RejectOrder reject -> {
                    if (order.reject(reject.reason(), clock.instant().truncatedTo(ChronoUnit.MILLIS))) {
                        orders.update(order);
                    }
                    yield new OrderReply.OrderRejected(
                            order.id(), order.rejectionReason().orElseThrow());
                }
            };
        } catch (IllegalOrderTransition e) {
            log.warn(
                    "ignoring {} {} (saga {}): {}",
                    message.type(),
                    message.messageId(),
                    message.sagaId(),
                    e.getMessage());
            return Optional.empty();
        }
        outbox.append(replyMessage(reply, message.sagaId()));
        return Optional.of(reply);
    }

    /** The outbox message that carries {@code reply} to the orchestrator. */
    static OutboundMessage replyMessage(OrderReply reply, String sagaId) {
        String orderId = reply.orderId().toString();
        return switch (reply) {
            case OrderReply.OrderApproved approved ->
                new OutboundMessage(
                        Topics.SAGA_REPLIES,
                        orderId,
                        ORDER_APPROVED,
                        sagaId,
                        orderId,
                        new OrderApprovedPayload(orderId));
            case OrderReply.OrderRejected rejected ->
                new OutboundMessage(
                        Topics.SAGA_REPLIES,
                        orderId,
                        ORDER_REJECTED,
                        sagaId,
                        orderId,
                        new OrderRejectedPayload(orderId, rejected.reason()));
        };
    }

    /** Body of {@code order.OrderApproved.v1}. */
    record OrderApprovedPayload(String orderId) {}

    /** Body of {@code order.OrderRejected.v1}. */
    record OrderRejectedPayload(String orderId, RejectionReason reason) {}
}
