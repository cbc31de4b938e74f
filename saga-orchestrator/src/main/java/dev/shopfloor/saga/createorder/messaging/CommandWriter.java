package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.messaging.MessageType;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.saga.createorder.SagaCommand;
import dev.shopfloor.saga.createorder.SagaCommand.ApproveOrder;
import dev.shopfloor.saga.createorder.SagaCommand.AuthorizePayment;
import dev.shopfloor.saga.createorder.SagaCommand.CapturePayment;
import dev.shopfloor.saga.createorder.SagaCommand.CommitStock;
import dev.shopfloor.saga.createorder.SagaCommand.RejectOrder;
import dev.shopfloor.saga.createorder.SagaCommand.ReleaseStock;
import dev.shopfloor.saga.createorder.SagaCommand.ReserveStock;
import dev.shopfloor.saga.createorder.SagaCommand.VoidPayment;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.messaging.Payloads.AuthorizePaymentBody;
import dev.shopfloor.saga.createorder.messaging.Payloads.MoneyBody;
import dev.shopfloor.saga.createorder.messaging.Payloads.OrderIdCommandBody;
import dev.shopfloor.saga.createorder.messaging.Payloads.RejectOrderBody;
import dev.shopfloor.saga.createorder.messaging.Payloads.ReserveStockBody;
import dev.shopfloor.saga.createorder.messaging.Payloads.StockItem;

/**
 * Turns a {@link SagaCommand} into an outbox message: its topic, message type and JSON body; key and correlation id
 * are the order id, the {@code saga-id} header is the saga's id.
 */
final class CommandWriter {

    static final MessageType RESERVE_STOCK = MessageType.of("inventory.ReserveStock.v1");
    static final MessageType RELEASE_STOCK = MessageType.of("inventory.ReleaseStock.v1");
    static final MessageType COMMIT_STOCK = MessageType.of("inventory.CommitStock.v1");
    static final MessageType AUTHORIZE_PAYMENT = MessageType.of("payment.AuthorizePayment.v1");
    static final MessageType VOID_PAYMENT = MessageType.of("payment.VoidPayment.v1");
    static final MessageType CAPTURE_PAYMENT = MessageType.of("payment.CapturePayment.v1");
    static final MessageType APPROVE_ORDER = MessageType.of("order.ApproveOrder.v1");
    static final MessageType REJECT_ORDER = MessageType.of("order.RejectOrder.v1");

    OutboundMessage write(SagaCommand command, SagaId sagaId) {
        String orderId = command.orderId().toString();
        return switch (command) {
            case ReserveStock reserve ->
                message(
                        Topics.INVENTORY_COMMANDS,
                        RESERVE_STOCK,
                        sagaId,
                        orderId,
                        new ReserveStockBody(
                                orderId,
                                reserve.items().stream()
                                        .map(line -> new StockItem(line.sku(), line.quantity()))
                                        .toList()));
            case ReleaseStock release ->
                message(Topics.INVENTORY_COMMANDS, RELEASE_STOCK, sagaId, orderId, new OrderIdCommandBody(orderId));
            case CommitStock commit ->
                message(Topics.INVENTORY_COMMANDS, COMMIT_STOCK, sagaId, orderId, new OrderIdCommandBody(orderId));
            case AuthorizePayment authorize ->
                message(
                        Topics.PAYMENT_COMMANDS,
                        AUTHORIZE_PAYMENT,
                        sagaId,
                        orderId,
                        new AuthorizePaymentBody(
                                orderId, authorize.customerId().value(), MoneyBody.of(authorize.amount())));
            case VoidPayment voidPayment ->
                message(Topics.PAYMENT_COMMANDS, VOID_PAYMENT, sagaId, orderId, new OrderIdCommandBody(orderId));
            case CapturePayment capture ->
                message(Topics.PAYMENT_COMMANDS, CAPTURE_PAYMENT, sagaId, orderId, new OrderIdCommandBody(orderId));
            case ApproveOrder approve ->
                message(Topics.ORDER_COMMANDS, APPROVE_ORDER, sagaId, orderId, new OrderIdCommandBody(orderId));
            case RejectOrder reject ->
                message(
                        Topics.ORDER_COMMANDS,
                        REJECT_ORDER,
                        sagaId,
                        orderId,
                        new RejectOrderBody(orderId, reject.reason().name()));
        };
    }

    private static OutboundMessage message(String topic, MessageType type, SagaId sagaId, String orderId, Object body) {
        return new OutboundMessage(topic, orderId, type, sagaId.toString(), orderId, body);
    }
}
