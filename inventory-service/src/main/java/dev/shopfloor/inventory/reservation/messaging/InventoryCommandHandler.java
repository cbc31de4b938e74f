package dev.shopfloor.inventory.reservation.messaging;

import dev.shopfloor.inventory.reservation.IllegalReservationTransition;
import dev.shopfloor.inventory.reservation.StockCommand;
import dev.shopfloor.inventory.reservation.StockReply;
import dev.shopfloor.inventory.reservation.StockReservation;
import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.messaging.inbox.Inbox;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.messaging.outbox.Outbox;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Handles one command from {@code inventory.commands} in one transaction: the inbox row (a redelivered message id
 * is skipped), the stock change and the reply in the outbox commit together or not at all.
 */
@Component
class InventoryCommandHandler {

    private final Inbox inbox;
    private final Outbox outbox;
    private final StockReservation reservation;
    private final InventoryMessages messages;

    InventoryCommandHandler(Inbox inbox, Outbox outbox, StockReservation reservation, JsonMapper json) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.reservation = reservation;
        this.messages = new InventoryMessages(json);
    }

    /**
     * @throws PoisonMessageException when the message can never be handled (unknown type, unusable payload, or a
     *     transition the saga never asks for): it goes to the dead-letter topic at once
     */
    @Transactional
    public void handle(InboundMessage message) {
        if (!inbox.firstDelivery(message)) {
            return;
        }
        StockCommand command = messages.read(message.type(), message.payload());
        StockReply reply;
        try {
            reply = reservation.handle(command);
        } catch (IllegalReservationTransition e) {
            throw new PoisonMessageException(message.type() + " " + message.messageId() + ": " + e.getMessage(), e);
        }
        outbox.append(messages.reply(reply, message.sagaId()));
    }
}
