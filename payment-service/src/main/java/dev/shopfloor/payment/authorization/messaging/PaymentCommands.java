package dev.shopfloor.payment.authorization.messaging;

import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.payment.authorization.messaging.PaymentCommand.AuthorizePayment;
import dev.shopfloor.payment.authorization.messaging.PaymentCommand.CapturePayment;
import dev.shopfloor.payment.authorization.messaging.PaymentCommand.VoidPayment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code payment.commands} message into its {@link PaymentCommand} record by its {@code message-type}.
 *
 * @throws PoisonMessageException from {@link #read} for an unknown message type or a body without an order id
 * @throws tools.jackson.core.JacksonException from {@link #read} when the body is not JSON of the expected shape
 */
final class PaymentCommands {

    private final JsonMapper json;

    PaymentCommands(JsonMapper json) {
        this.json = json;
    }

    PaymentCommand read(InboundMessage message) {
        return read(message.type(), message.payload());
    }

    PaymentCommand read(String messageType, String payload) {
        Class<? extends PaymentCommand> type = typeOf(messageType);
        PaymentCommand command = json.readValue(payload, type);
        if (command == null || command.orderId() == null) {
            throw new PoisonMessageException(messageType + " without an orderId");
        }
        return command;
    }

    private static Class<? extends PaymentCommand> typeOf(String messageType) {
        if (PaymentMessageTypes.AUTHORIZE_PAYMENT.value().equals(messageType)) {
            return AuthorizePayment.class;
        }
        if (PaymentMessageTypes.VOID_PAYMENT.value().equals(messageType)) {
            return VoidPayment.class;
        }
        if (PaymentMessageTypes.CAPTURE_PAYMENT.value().equals(messageType)) {
            return CapturePayment.class;
        }
        throw new PoisonMessageException("payment.commands carries no message type " + messageType);
    }
}
