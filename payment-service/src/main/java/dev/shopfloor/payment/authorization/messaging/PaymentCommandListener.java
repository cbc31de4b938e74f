package dev.shopfloor.payment.authorization.messaging;

import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.inbox.InboundMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code payment.commands}. Failures are retried with backoff and then dead-lettered by the messaging
 * library's error handler; poison records go to {@code payment.commands.DLT} at once.
 */
@Component
class PaymentCommandListener {

    private final PaymentCommandHandler handler;

    PaymentCommandListener(PaymentCommandHandler handler) {
        this.handler = handler;
    }

    @KafkaListener(topics = Topics.PAYMENT_COMMANDS, groupId = "payment-service")
    void onCommand(ConsumerRecord<String, String> record) {
        handler.handle(InboundMessage.from(record));
    }
}
