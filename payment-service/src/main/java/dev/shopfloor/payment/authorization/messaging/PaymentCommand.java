package dev.shopfloor.payment.authorization.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The commands payment reads from {@code payment.commands}, as their JSON payloads read (docs/event-catalog.md).
 * Fields are kept as written; {@link PaymentCommands} checks them. Unknown fields are ignored.
 */
sealed interface PaymentCommand {

    /** The order id as written: a decimal string. */
    String orderId();

    /** {@code payment.AuthorizePayment.v1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AuthorizePayment(String orderId, String customerId, MoneyPayload amount) implements PaymentCommand {}

    /** {@code payment.VoidPayment.v1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VoidPayment(String orderId) implements PaymentCommand {}

    /** {@code payment.CapturePayment.v1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CapturePayment(String orderId) implements PaymentCommand {}
}
