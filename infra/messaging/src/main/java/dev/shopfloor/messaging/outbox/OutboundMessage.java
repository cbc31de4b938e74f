package dev.shopfloor.messaging.outbox;

import dev.shopfloor.messaging.MessageType;
import java.util.Objects;

/**
 * A message to publish, as the service hands it to the {@link Outbox}.
 *
 * @param topic the Kafka topic, one of {@link dev.shopfloor.messaging.Topics}
 * @param key the Kafka record key: the order id for every saga message
 * @param type the message type, e.g. {@code inventory.StockReserved.v1}
 * @param sagaId the saga this message belongs to, or {@code null} before a saga exists
 * @param correlationId the order id the message is about
 * @param payload the message body; serialized to JSON with the service's JSON mapper
 */
public record OutboundMessage(
        String topic, String key, MessageType type, String sagaId, String correlationId, Object payload) {

    public OutboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(payload, "payload");
    }
}
