package dev.shopfloor.inventory.reservation.messaging;

import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.inbox.InboundMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code inventory.commands}. Failures are left to the messaging library's error handler: transient ones
 * are retried with backoff, poison records go to {@code inventory.commands.DLT}.
 */
@Component
class InventoryCommandListener {

    private final InventoryCommandHandler handler;

    InventoryCommandListener(InventoryCommandHandler handler) {
        this.handler = handler;
    }

    @KafkaListener(topics = Topics.INVENTORY_COMMANDS, groupId = "inventory-service")
    void onCommand(ConsumerRecord<String, String> record) {
        handler.handle(InboundMessage.from(record));
    }
}
