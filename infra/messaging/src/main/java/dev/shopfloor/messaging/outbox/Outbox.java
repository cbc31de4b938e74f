package dev.shopfloor.messaging.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: writes a message into the service's {@code outbox} table inside the caller's
 * transaction, so the state change and the messages it causes commit or roll back together (no dual write).
 * The {@link dev.shopfloor.messaging.relay.OutboxRelay} then publishes committed rows to Kafka, at least once and
 * in commit order.
 *
 * <p>Pattern: Chris Richardson, "Transactional outbox", microservices.io; Debezium's outbox event router.
 *
 * @throws org.springframework.transaction.IllegalTransactionStateException from {@link #append} when no transaction
 *     is active: an outbox row written on its own would be a dual write in disguise
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    public Outbox(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Appends {@code message} to the outbox in the current transaction.
     *
     * @return the message id (UUID) that the {@code message-id} header will carry
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID append(OutboundMessage message) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into outbox (id, topic, message_key, message_type, saga_id, correlation_id, occurred_at, payload)
                        values (:id, :topic, :key, :type, :sagaId, :correlationId, :occurredAt, cast(:payload as jsonb))
                        """)
                .param("id", id)
                .param("topic", message.topic())
                .param("key", message.key())
                .param("type", message.type().value())
                .param("sagaId", message.sagaId())
                .param("correlationId", message.correlationId())
                .param("occurredAt", Timestamp.from(clock.instant()))
                .param("payload", json.writeValueAsString(message.payload()))
                .update();
        return id;
    }
}
