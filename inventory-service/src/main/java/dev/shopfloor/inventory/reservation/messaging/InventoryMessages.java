package dev.shopfloor.inventory.reservation.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shopfloor.inventory.catalog.InvalidSku;
import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.reservation.InvalidCommand;
import dev.shopfloor.inventory.reservation.OrderId;
import dev.shopfloor.inventory.reservation.ReservationLine;
import dev.shopfloor.inventory.reservation.StockCommand;
import dev.shopfloor.inventory.reservation.StockReply;
import dev.shopfloor.messaging.MessageType;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Translates between the inventory's messages (docs/event-catalog.md, schemas in infra/contracts) and its domain:
 * reads the commands on {@code inventory.commands}, writes the replies for {@code saga.replies}. These records are
 * inventory's own view of the contract; readers ignore unknown fields.
 */
class InventoryMessages {

    static final String RESERVE_STOCK = "inventory.ReserveStock.v1";
    static final String RELEASE_STOCK = "inventory.ReleaseStock.v1";
    static final String COMMIT_STOCK = "inventory.CommitStock.v1";
    static final MessageType STOCK_RESERVED = MessageType.of("inventory.StockReserved.v1");
    static final MessageType STOCK_UNAVAILABLE = MessageType.of("inventory.StockUnavailable.v1");
    static final MessageType STOCK_RELEASED = MessageType.of("inventory.StockReleased.v1");
    static final MessageType STOCK_COMMITTED = MessageType.of("inventory.StockCommitted.v1");

    /** {@code inventory.ReserveStock.v1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReserveStockPayload(String orderId, List<Item> items) {

        @JsonIgnoreProperties(ignoreUnknown = true)
        record Item(String sku, Integer quantity) {}
    }

    /** Every message whose payload is just the order: ReleaseStock, CommitStock, StockReserved, … */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OrderPayload(String orderId) {}

    /** {@code inventory.StockUnavailable.v1}. */
    record StockUnavailablePayload(String orderId, List<ShortagePayload> shortages) {

        record ShortagePayload(String sku, int requested, int available) {}
    }

    private final JsonMapper json;

    InventoryMessages(JsonMapper json) {
        this.json = json;
    }

    /**
     * Reads a command.
     *
     * @throws PoisonMessageException for an unknown message type, or a payload that can never be carried out
     *     (no order id, no items, a quantity below 1, a malformed SKU)
     * @throws tools.jackson.core.JacksonException when the payload is not JSON of the expected shape
     */
    StockCommand read(String type, String payload) {
        try {
            return switch (type) {
                case RESERVE_STOCK -> reserveStock(json.readValue(payload, ReserveStockPayload.class));
                case RELEASE_STOCK ->
                    new StockCommand.ReleaseStock(orderId(json.readValue(payload, OrderPayload.class)));
                case COMMIT_STOCK -> new StockCommand.CommitStock(orderId(json.readValue(payload, OrderPayload.class)));
                default -> throw new PoisonMessageException("inventory does not handle message type " + type);
            };
        } catch (InvalidCommand | InvalidSku | ArithmeticException e) {
            throw new PoisonMessageException(type + " cannot be carried out: " + e.getMessage(), e);
        }
    }

    /** The message that carries {@code reply} to the saga, with the saga id of the command it answers. */
    OutboundMessage reply(StockReply reply, String sagaId) {
        String orderId = reply.orderId().toString();
        return switch (reply) {
            case StockReply.StockReserved reserved ->
                new OutboundMessage(
                        Topics.SAGA_REPLIES, orderId, STOCK_RESERVED, sagaId, orderId, new OrderPayload(orderId));
            case StockReply.StockUnavailable unavailable ->
                new OutboundMessage(
                        Topics.SAGA_REPLIES,
                        orderId,
                        STOCK_UNAVAILABLE,
                        sagaId,
                        orderId,
                        new StockUnavailablePayload(
                                orderId,
                                unavailable.shortages().stream()
                                        .map(s -> new StockUnavailablePayload.ShortagePayload(
                                                s.sku().value(), s.requested(), s.available()))
                                        .toList()));
            case StockReply.StockReleased released ->
                new OutboundMessage(
                        Topics.SAGA_REPLIES, orderId, STOCK_RELEASED, sagaId, orderId, new OrderPayload(orderId));
            case StockReply.StockCommitted committed ->
                new OutboundMessage(
                        Topics.SAGA_REPLIES, orderId, STOCK_COMMITTED, sagaId, orderId, new OrderPayload(orderId));
        };
    }

    private static StockCommand.ReserveStock reserveStock(ReserveStockPayload payload) {
        if (payload.items() == null) {
            throw new InvalidCommand("ReserveStock has no items");
        }
        List<ReservationLine> lines = payload.items().stream()
                .map(item -> {
                    if (item == null || item.quantity() == null) {
                        throw new InvalidCommand("every item needs a sku and a quantity");
                    }
                    return new ReservationLine(Sku.of(item.sku()), item.quantity());
                })
                .toList();
        return new StockCommand.ReserveStock(OrderId.parse(payload.orderId()), lines);
    }

    private static OrderId orderId(OrderPayload payload) {
        return OrderId.parse(payload.orderId());
    }
}
