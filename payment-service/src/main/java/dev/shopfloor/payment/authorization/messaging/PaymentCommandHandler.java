package dev.shopfloor.payment.authorization.messaging;

import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.messaging.inbox.Inbox;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.messaging.outbox.Outbox;
import dev.shopfloor.payment.account.CurrencyMismatch;
import dev.shopfloor.payment.account.CustomerId;
import dev.shopfloor.payment.account.InvalidAmount;
import dev.shopfloor.payment.account.UnsupportedCurrency;
import dev.shopfloor.payment.authorization.Authorization;
import dev.shopfloor.payment.authorization.IllegalAuthorizationTransition;
import dev.shopfloor.payment.authorization.OrderId;
import dev.shopfloor.payment.authorization.PaymentAuthorizations;
import dev.shopfloor.payment.authorization.messaging.PaymentCommand.AuthorizePayment;
import dev.shopfloor.payment.authorization.messaging.PaymentCommand.CapturePayment;
import dev.shopfloor.payment.authorization.messaging.PaymentCommand.VoidPayment;
import dev.shopfloor.payment.authorization.messaging.PaymentReply.PaymentAuthorized;
import dev.shopfloor.payment.authorization.messaging.PaymentReply.PaymentCaptured;
import dev.shopfloor.payment.authorization.messaging.PaymentReply.PaymentDeclined;
import dev.shopfloor.payment.authorization.messaging.PaymentReply.PaymentVoided;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Handles one {@code payment.commands} message in one transaction: inbox row, effect on accounts and
 * authorizations, and the reply in the outbox commit together or not at all. A redelivered message id is skipped.
 * The reply goes to {@code saga.replies}, keyed by order id, with the command's {@code saga-id}.
 *
 * @throws PoisonMessageException for a message that can never succeed (unknown type, invalid field values, a
 *     forbidden transition such as capturing a voided payment): the error handler dead-letters it at once
 */
@Component
class PaymentCommandHandler {

    private static final Logger log = LoggerFactory.getLogger(PaymentCommandHandler.class);

    private final Inbox inbox;
    private final Outbox outbox;
    private final PaymentAuthorizations payments;
    private final PaymentCommands commands;

    PaymentCommandHandler(Inbox inbox, Outbox outbox, PaymentAuthorizations payments, JsonMapper json) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.payments = payments;
        this.commands = new PaymentCommands(json);
    }

    @Transactional
    public void handle(InboundMessage message) {
        if (!inbox.firstDelivery(message)) {
            log.debug("skipping message {} ({}): already processed", message.messageId(), message.type());
            return;
        }
        PaymentCommand command = commands.read(message);
        PaymentReply reply;
        try {
            reply = apply(command);
        } catch (IllegalArgumentException
                | InvalidAmount
                | UnsupportedCurrency
                | CurrencyMismatch
                | IllegalAuthorizationTransition e) {
            throw new PoisonMessageException(
                    message.type() + " " + message.messageId() + " cannot be applied: " + e.getMessage(), e);
        }
        outbox.append(new OutboundMessage(
                Topics.SAGA_REPLIES,
                reply.orderId(),
                PaymentReply.typeOf(reply),
                message.sagaId(),
                reply.orderId(),
                reply));
    }

    private PaymentReply apply(PaymentCommand command) {
        OrderId orderId = OrderId.parse(command.orderId());
        return switch (command) {
            case AuthorizePayment authorize ->
                answer(payments.authorize(
                        orderId, customerIdOf(authorize), amountOf(authorize).toMoney()));
            case VoidPayment ignored -> {
                payments.voidPayment(orderId);
                yield new PaymentVoided(orderId.toString());
            }
            case CapturePayment ignored -> {
                payments.capture(orderId);
                yield new PaymentCaptured(orderId.toString());
            }
        };
    }

    /** The answer to an {@code AuthorizePayment}: the order's decision, also when it is replayed. */
    static PaymentReply answer(Authorization authorization) {
        String orderId = authorization.orderId().toString();
        return authorization
                .declineReason()
                .<PaymentReply>map(reason -> new PaymentDeclined(orderId, reason.name()))
                .orElseGet(() -> new PaymentAuthorized(orderId, MoneyPayload.of(authorization.amount())));
    }

    private static CustomerId customerIdOf(AuthorizePayment authorize) {
        if (authorize.customerId() == null) {
            throw new IllegalArgumentException("AuthorizePayment without a customerId");
        }
        return new CustomerId(authorize.customerId());
    }

    private static MoneyPayload amountOf(AuthorizePayment authorize) {
        if (authorize.amount() == null) {
            throw new IllegalArgumentException("AuthorizePayment without an amount");
        }
        return authorize.amount();
    }
}
