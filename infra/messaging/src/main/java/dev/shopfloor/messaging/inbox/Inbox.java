package dev.shopfloor.messaging.inbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inbox of an idempotent consumer: records each message id in the service's {@code inbox} table in the same
 * transaction as the message's effect. A redelivered message finds its id there and is skipped, so at-least-once
 * delivery gives exactly-once effect.
 *
 * <p>Pattern: "Idempotent consumer", microservices.io.
 */
public class Inbox {

    private final JdbcClient jdbc;

    public Inbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records {@code message} as processed, in the current transaction.
     *
     * @return {@code true} the first time a message id is seen (process it), {@code false} for a duplicate (skip
     *     it); two concurrent deliveries of one id serialize on the primary key, and the second sees {@code false}
     * @throws org.springframework.transaction.IllegalTransactionStateException when no transaction is active
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean firstDelivery(InboundMessage message) {
        int inserted = jdbc.sql("""
                        insert into inbox (message_id, message_type) values (:id, :type)
                        on conflict (message_id) do nothing
                        """)
                .param("id", message.messageId())
                .param("type", message.type())
                .update();
        return inserted == 1;
    }
}
