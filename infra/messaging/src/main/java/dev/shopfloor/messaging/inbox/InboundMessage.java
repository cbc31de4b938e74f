package dev.shopfloor.messaging.inbox;

import dev.shopfloor.messaging.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A message as a consumer reads it: the envelope headers of DESIGN.md §5 and the JSON body.
 *
 * @param messageId the {@code message-id} header
 * @param type the {@code message-type} header, e.g. {@code inventory.ReserveStock.v1}
 * @param sagaId the {@code saga-id} header, or {@code null}
 * @param correlationId the {@code correlation-id} header (the order id)
 * @param occurredAt the {@code occurred-at} header, or {@code null} when absent
 * @param key the record key
 * @param payload the JSON body, unparsed
 */
public record InboundMessage(
        UUID messageId,
        String type,
        String sagaId,
        String correlationId,
        Instant occurredAt,
        String key,
        String payload) {

    /**
     * Reads the envelope of a Kafka record.
     *
     * @throws PoisonMessageException when {@code message-id} or {@code message-type} is missing or malformed, or the
     *     value is empty: such a record can never be processed and goes to the dead-letter topic
     */
    public static InboundMessage from(ConsumerRecord<String, String> record) {
        String id = header(record, MessageHeaders.MESSAGE_ID);
        String type = header(record, MessageHeaders.MESSAGE_TYPE);
        if (id == null || type == null) {
            throw new PoisonMessageException("record has no message-id or message-type header");
        }
        if (record.value() == null || record.value().isBlank()) {
            throw new PoisonMessageException("record " + id + " has no body");
        }
        UUID messageId;
        try {
            messageId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("message-id is not a UUID: " + id);
        }
        String occurredAt = header(record, MessageHeaders.OCCURRED_AT);
        Instant at = null;
        if (occurredAt != null) {
            try {
                at = Instant.parse(occurredAt);
            } catch (DateTimeParseException e) {
                at = null;
            }
        }
        return new InboundMessage(
                messageId,
                type,
                header(record, MessageHeaders.SAGA_ID),
                header(record, MessageHeaders.CORRELATION_ID),
                at,
                record.key(),
                record.value());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
