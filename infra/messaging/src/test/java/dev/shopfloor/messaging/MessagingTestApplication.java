package dev.shopfloor.messaging;

import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A bare application that has nothing but the messaging library, for its integration tests. */
@SpringBootApplication
class MessagingTestApplication {

    /** Consumes order.commands: records what it read, and refuses a message of type {@code order.Poison.v1}. */
    @Component
    static class RecordingListener {

        final List<InboundMessage> received = new CopyOnWriteArrayList<>();

        @KafkaListener(topics = Topics.ORDER_COMMANDS, groupId = "messaging-test")
        void on(ConsumerRecord<String, String> record) {
            InboundMessage message = InboundMessage.from(record);
            if (message.type().equals("order.Poison.v1")) {
                throw new PoisonMessageException("refused by the test listener");
            }
            received.add(message);
        }
    }
}
