package dev.shopfloor.payment.authorization.messaging;

import dev.shopfloor.messaging.MessageType;

/**
 * The replies payment writes to {@code saga.replies}, serialized as their JSON payloads (docs/event-catalog.md).
 */
sealed interface PaymentReply {

    /** The order id as a decimal string; also the record key and correlation id. */
    String orderId();

    /** {@code payment.PaymentAuthorized.v1}: the amount is reserved on the customer's credit. */
    record PaymentAuthorized(String orderId, MoneyPayload amount) implements PaymentReply {}

    /** {@code payment.PaymentDeclined.v1}; reason {@code NO_ACCOUNT} or {@code INSUFFICIENT_CREDIT}. */
    record PaymentDeclined(String orderId, String reason) implements PaymentReply {}

    /** {@code payment.PaymentVoided.v1}: the order holds no authorization any more. */
    record PaymentVoided(String orderId) implements PaymentReply {}

    /** {@code payment.PaymentCaptured.v1}: the authorized amount is used credit now. */
    record PaymentCaptured(String orderId) implements PaymentReply {}

    /** The message type the reply is sent as. */
    static MessageType typeOf(PaymentReply reply) {
        return switch (reply) {
            case PaymentAuthorized ignored -> PaymentMessageTypes.PAYMENT_AUTHORIZED;
            case PaymentDeclined ignored -> PaymentMessageTypes.PAYMENT_DECLINED;
            case PaymentVoided ignored -> PaymentMessageTypes.PAYMENT_VOIDED;
            case PaymentCaptured ignored -> PaymentMessageTypes.PAYMENT_CAPTURED;
        };
    }
}
