package dev.shopfloor.messaging;

/**
 * Names of the Kafka headers every platform message carries (the envelope of DESIGN.md §5). Header values are
 * UTF-8 strings.
 */
public final class MessageHeaders {

    /** A UUID that identifies the message; consumers deduplicate on it (inbox). */
    public static final String MESSAGE_ID = "message-id";
    /** {@code <context>.<Name>.v<N>}, e.g. {@code inventory.ReserveStock.v1}. */
    public static final String MESSAGE_TYPE = "message-type";
    /** The saga the message belongs to; absent on messages sent before a saga exists. */
    public static final String SAGA_ID = "saga-id";
    /** The order id, as a decimal string. */
    public static final String CORRELATION_ID = "correlation-id";
    /** When the message was written to the outbox: ISO-8601 in UTC. */
    public static final String OCCURRED_AT = "occurred-at";
    /** W3C trace context of the transaction that wrote the message, when there was one. */
    public static final String TRACEPARENT = "traceparent";
    /** On a dead letter: the class of the exception the listener container raised (usually a wrapper). */
    public static final String DEAD_LETTER_EXCEPTION = "kafka_dlt-exception-fqcn";
    /** On a dead letter: the class of the exception the handler threw, e.g. a {@code PoisonMessageException}. */
    public static final String DEAD_LETTER_CAUSE = "kafka_dlt-exception-cause-fqcn";
    /** On a dead letter: the exception's message. */
    public static final String DEAD_LETTER_MESSAGE = "kafka_dlt-exception-message";
    /** On a dead letter: the topic the record was read from. */
    public static final String DEAD_LETTER_ORIGINAL_TOPIC = "kafka_dlt-original-topic";

    private MessageHeaders() {}
}
