package dev.shopfloor.order.approval.messaging;

import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.order.approval.OrderApproval;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code order.commands} ({@code order.ApproveOrder.v1}, {@code order.RejectOrder.v1}) as consumer group
 * {@code order-service}. Failures go to the auto-configured error handler: poison records to {@code .DLT} at once,
 * others after bounded retries.
 */
@Component
class OrderCommandListener {

    private final OrderCommandReader reader;
    private final OrderApproval approval;

    OrderCommandListener(JsonMapper json, OrderApproval approval) {
        this.reader = new OrderCommandReader(json);
        this.approval = approval;
    }

    @KafkaListener(topics = Topics.ORDER_COMMANDS, groupId = "order-service")
    void onCommand(ConsumerRecord<String, String> record) {
        InboundMessage message = InboundMessage.from(record);
        approval.handle(message, reader.read(message));
    }
}
