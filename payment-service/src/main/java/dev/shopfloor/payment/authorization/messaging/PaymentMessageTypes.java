package dev.shopfloor.payment.authorization.messaging;

import dev.shopfloor.messaging.MessageType;

/** The message types payment reads and writes (docs/event-catalog.md). */
final class PaymentMessageTypes {

    static final MessageType AUTHORIZE_PAYMENT = MessageType.of("payment.AuthorizePayment.v1");
    static final MessageType VOID_PAYMENT = MessageType.of("payment.VoidPayment.v1");
    static final MessageType CAPTURE_PAYMENT = MessageType.of("payment.CapturePayment.v1");

    static final MessageType PAYMENT_AUTHORIZED = MessageType.of("payment.PaymentAuthorized.v1");
    static final MessageType PAYMENT_DECLINED = MessageType.of("payment.PaymentDeclined.v1");
    static final MessageType PAYMENT_VOIDED = MessageType.of("payment.PaymentVoided.v1");
    static final MessageType PAYMENT_CAPTURED = MessageType.of("payment.PaymentCaptured.v1");

    private PaymentMessageTypes() {}
}
