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
 * <p>Tracing: the row keeps the W3C {@code traceparent} of the span current when {@link #append} runs (column
 * {@code traceparent}, {@code null} without a span); the relay continues that trace. The same transaction also emits a
 * transactional logical decoding message with prefix {@value #TRACE_MESSAGE_PREFIX} and that traceparent as content,
 * one per appended row, so a change-data-capture reader of the service's tables (the read model) can put its work on
 * the trace of the transaction it reads. Such a message is in the WAL only: no table holds it.
 *
 * <p>Pattern: Chris Richardson, "Transactional outbox", microservices.io; Debezium's outbox event router.
 *
 * @throws org.springframework.transaction.IllegalTransactionStateException from {@link #append} when no transaction
 *     is active: an outbox row written on its own would be a dual write in disguise
 */
public class Outbox {

    /** Prefix of the logical decoding message that carries a transaction's traceparent. */
    public static final String TRACE_MESSAGE_PREFIX = "shopfloor.trace";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TraceparentSource traces;

    /**
     * @param traces the current trace context; {@link TraceparentSource#NONE} without a tracer
     */
    public Outbox(JdbcClient jdbc, JsonMapper json, Clock clock, TraceparentSource traces) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.traces = traces;
    }

    /**
     * Appends {@code message} to the outbox in the current transaction.
     *
     * @return the message id (UUID) that the {@code message-id} header will carry
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID append(OutboundMessage message) {
        UUID id = UUID.randomUUID();
        String traceparent = traces.current();
        jdbc.sql("""
                        insert into outbox (id, topic, message_key, message_type, saga_id, correlation_id, occurred_at,
                                            traceparent, payload)
                        values (:id, :topic, :key, :type, :sagaId, :correlationId, :occurredAt,
                                :traceparent, cast(:payload as jsonb))
                        """)
                .param("id", id)
                .param("topic", message.topic())
                .param("key", message.key())
                .param("type", message.type().value())
                .param("sagaId", message.sagaId())
                .param("correlationId", message.correlationId())
                .param("occurredAt", Timestamp.from(clock.instant()))
                .param("traceparent", traceparent)
                .param("payload", json.writeValueAsString(message.payload()))
                .update();
        if (traceparent != null) {
            // transactional = true: decoded with this transaction at its commit, and never if it rolls back
            jdbc.sql("select pg_logical_emit_message(true, cast(:prefix as text), cast(:content as text))")
                    .param("prefix", TRACE_MESSAGE_PREFIX)
                    .param("content", traceparent)
                    .query()
                    .singleValue();
        }
        return id;
    }
}
