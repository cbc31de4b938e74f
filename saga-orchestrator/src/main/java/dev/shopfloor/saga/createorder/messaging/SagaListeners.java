package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.inbox.InboundMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The orchestrator's Kafka consumers: {@code order.events} (sagas start) and {@code saga.replies} (participants
 * answer), both in consumer group {@code saga-orchestrator}. Records are keyed by order id, so one saga's messages
 * arrive in order.
 */
@Component
class SagaListeners {

    static final String GROUP_ID = "saga-orchestrator";

    private final SagaMessageHandler handler;

    SagaListeners(SagaMessageHandler handler) {
        this.handler = handler;
    }

    @KafkaListener(topics = Topics.ORDER_EVENTS, groupId = GROUP_ID)
    void onOrderEvent(ConsumerRecord<String, String> record) {
        handler.onOrderEvent(InboundMessage.from(record));
    }

    @KafkaListener(topics = Topics.SAGA_REPLIES, groupId = GROUP_ID)
    void onReply(ConsumerRecord<String, String> record) {
        handler.onReply(InboundMessage.from(record));
    }
}
