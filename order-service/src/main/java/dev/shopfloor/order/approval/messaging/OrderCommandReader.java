package dev.shopfloor.order.approval.messaging;

import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.order.approval.OrderCommand;
import dev.shopfloor.order.domain.OrderId;
import dev.shopfloor.order.domain.RejectionReason;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of a message on {@code order.commands} into an {@link OrderCommand}. Unknown fields are ignored.
 *
 * @throws PoisonMessageException from {@link #read} when the type is unknown or a field is missing or invalid
 * @throws tools.jackson.core.JacksonException when the body is not JSON of the expected shape
 */
class OrderCommandReader {

    static final String APPROVE_ORDER = "order.ApproveOrder.v1";
    static final String REJECT_ORDER = "order.RejectOrder.v1";

    private final JsonMapper json;

    OrderCommandReader(JsonMapper json) {
        this.json = json;
    }

    OrderCommand read(InboundMessage message) {
        return switch (message.type()) {
            case APPROVE_ORDER -> {
                ApproveOrderPayload payload = body(message, ApproveOrderPayload.class);
                yield new OrderCommand.ApproveOrder(orderId(message, payload.orderId()));
            }
            case REJECT_ORDER -> {
                RejectOrderPayload payload = body(message, RejectOrderPayload.class);
                yield new OrderCommand.RejectOrder(
                        orderId(message, payload.orderId()), reason(message, payload.reason()));
            }
            default ->
                throw new PoisonMessageException("unknown message type " + message.type() + " on order.commands");
        };
    }

    private <T> T body(InboundMessage message, Class<T> type) {
        T body = json.readValue(message.payload(), type);
        if (body == null) {
            throw new PoisonMessageException(message.type() + " " + message.messageId() + " has a null body");
        }
        return body;
    }

    private static OrderId orderId(InboundMessage message, String orderId) {
        return OrderId.parse(orderId)
                .orElseThrow(() -> new PoisonMessageException(
                        message.type() + " " + message.messageId() + " has no valid orderId: " + orderId));
    }

    private static RejectionReason reason(InboundMessage message, String reason) {
        if (reason != null) {
            for (RejectionReason candidate : RejectionReason.values()) {
                if (candidate.name().equals(reason)) {
                    return candidate;
                }
            }
        }
        throw new PoisonMessageException(
                message.type() + " " + message.messageId() + " has no valid rejection reason: " + reason);
    }

    /** Body of {@code order.ApproveOrder.v1}. */
    record ApproveOrderPayload(String orderId) {}

    /** Body of {@code order.RejectOrder.v1}. */
    record RejectOrderPayload(String orderId, String reason) {}
}
