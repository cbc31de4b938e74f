package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.saga.createorder.CustomerId;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.OrderLine;
import dev.shopfloor.saga.createorder.SagaEvent;
import dev.shopfloor.saga.createorder.SagaEvent.OrderApproved;
import dev.shopfloor.saga.createorder.SagaEvent.OrderCreated;
import dev.shopfloor.saga.createorder.SagaEvent.OrderRejected;
import dev.shopfloor.saga.createorder.SagaEvent.PaymentAuthorized;
import dev.shopfloor.saga.createorder.SagaEvent.PaymentCaptured;
import dev.shopfloor.saga.createorder.SagaEvent.PaymentDeclined;
import dev.shopfloor.saga.createorder.SagaEvent.PaymentVoided;
import dev.shopfloor.saga.createorder.SagaEvent.StockCommitted;
import dev.shopfloor.saga.createorder.SagaEvent.StockReleased;
import dev.shopfloor.saga.createorder.SagaEvent.StockReserved;
import dev.shopfloor.saga.createorder.SagaEvent.StockUnavailable;
import dev.shopfloor.saga.createorder.messaging.Payloads.OrderCreatedBody;
import dev.shopfloor.saga.createorder.messaging.Payloads.OrderIdBody;
import dev.shopfloor.saga.createorder.messaging.Payloads.PaymentAuthorizedBody;
import dev.shopfloor.saga.createorder.messaging.Payloads.ReasonBody;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of an incoming message into a {@link SagaEvent}, by message type.
 *
 * <p>Failures: a body that is not JSON for its type throws {@link JacksonException}; an unknown message type, or a
 * body whose values break the domain's rules (a missing order id, a quantity of 0), throws {@link
 * PoisonMessageException}. Both go to the dead-letter topic without retries.
 */
final class EventReader {

    static final String ORDER_CREATED = "order.OrderCreated.v1";
    static final String STOCK_RESERVED = "inventory.StockReserved.v1";
    static final String STOCK_UNAVAILABLE = "inventory.StockUnavailable.v1";
    static final String STOCK_RELEASED = "inventory.StockReleased.v1";
    static final String STOCK_COMMITTED = "inventory.StockCommitted.v1";
    static final String PAYMENT_AUTHORIZED = "payment.PaymentAuthorized.v1";
    static final String PAYMENT_DECLINED = "payment.PaymentDeclined.v1";
    static final String PAYMENT_VOIDED = "payment.PaymentVoided.v1";
    static final String PAYMENT_CAPTURED = "payment.PaymentCaptured.v1";
    static final String ORDER_APPROVED = "order.OrderApproved.v1";
    static final String ORDER_REJECTED = "order.OrderRejected.v1";

    /** The reply types the orchestrator reads from {@code saga.replies}. */
    static final List<String> REPLY_TYPES = List.of(
            STOCK_RESERVED,
            STOCK_UNAVAILABLE,
            STOCK_RELEASED,
            STOCK_COMMITTED,
            PAYMENT_AUTHORIZED,
            PAYMENT_DECLINED,
            PAYMENT_VOIDED,
            PAYMENT_CAPTURED,
            ORDER_APPROVED,
            ORDER_REJECTED);

    private final JsonMapper json;

    EventReader(JsonMapper json) {
        this.json = json;
    }

    /** Reads an {@code order.OrderCreated.v1} body. */
    OrderCreated orderCreated(String body) {
        OrderCreatedBody created = json.readValue(body, OrderCreatedBody.class);
        return valid(
                ORDER_CREATED,
                () -> new OrderCreated(
                        OrderId.parse(created.orderId()),
                        new CustomerId(created.customerId()),
                        created.items().stream()
                                .map(item -> new OrderLine(item.sku(), item.quantity()))
                                .toList(),
                        created.total().toMoney()));
    }

    /**
     * Reads the body of a reply on {@code saga.replies}.
     *
     * @throws PoisonMessageException when {@code type} is not one of {@link #REPLY_TYPES}
     */
    SagaEvent reply(String type, String body) {
        return switch (type) {
            case STOCK_RESERVED -> valid(type, () -> new StockReserved(orderId(body)));
            case STOCK_UNAVAILABLE -> valid(type, () -> new StockUnavailable(orderId(body)));
            case STOCK_RELEASED -> valid(type, () -> new StockReleased(orderId(body)));
            case STOCK_COMMITTED -> valid(type, () -> new StockCommitted(orderId(body)));
            case PAYMENT_VOIDED -> valid(type, () -> new PaymentVoided(orderId(body)));
            case PAYMENT_CAPTURED -> valid(type, () -> new PaymentCaptured(orderId(body)));
            case ORDER_APPROVED -> valid(type, () -> new OrderApproved(orderId(body)));
            case PAYMENT_AUTHORIZED -> {
                PaymentAuthorizedBody authorized = json.readValue(body, PaymentAuthorizedBody.class);
                yield valid(
                        type,
                        () -> new PaymentAuthorized(
                                OrderId.parse(authorized.orderId()),
                                authorized.amount().toMoney()));
            }
            case PAYMENT_DECLINED -> {
                ReasonBody declined = json.readValue(body, ReasonBody.class);
                yield valid(type, () -> new PaymentDeclined(OrderId.parse(declined.orderId()), declined.reason()));
            }
            case ORDER_REJECTED -> {
                ReasonBody rejected = json.readValue(body, ReasonBody.class);
                yield valid(type, () -> new OrderRejected(OrderId.parse(rejected.orderId()), rejected.reason()));
            }
            default -> throw new PoisonMessageException("unknown message type on saga.replies: " + type);
        };
    }

    private OrderId orderId(String body) {
        return OrderId.parse(json.readValue(body, OrderIdBody.class).orderId());
    }

    // Values that parse as JSON but break the domain's rules will break them on every retry.
    private static <T> T valid(String type, Supplier<T> read) {
        try {
            return read.get();
        } catch (JacksonException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoisonMessageException("invalid " + type + " body: " + e.getMessage(), e);
        }
    }
}
