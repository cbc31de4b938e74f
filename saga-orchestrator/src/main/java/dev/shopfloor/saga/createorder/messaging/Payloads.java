package dev.shopfloor.saga.createorder.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shopfloor.saga.createorder.Money;
import java.util.List;

/**
 * The JSON bodies of the messages the orchestrator reads and writes, field for field as in {@code
 * docs/event-catalog.md} and the schemas in {@code infra/contracts}. These records are this service's own view of
 * the contract (no shared DTOs); readers ignore fields they do not know.
 */
final class Payloads {

    private Payloads() {}

    /** Money as the platform writes it: {@code {"amount": "12.50", "currency": "EUR"}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MoneyBody(String amount, String currency) {

        static MoneyBody of(Money money) {
            return new MoneyBody(
                    money.amount().toPlainString(), money.currency().getCurrencyCode());
        }

        Money toMoney() {
            return Money.of(amount, currency);
        }
    }

    // Read: the event that starts a saga and the participants' replies.

    /** {@code order.OrderCreated.v1}; {@code createdAt} and the unit prices are not needed by the saga. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OrderCreatedBody(String orderId, String customerId, List<OrderCreatedItem> items, MoneyBody total) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OrderCreatedItem(String sku, int quantity) {}

    /**
     * Replies that carry only the order id (or nothing else the saga uses): {@code StockReserved}, {@code
     * StockUnavailable}, {@code StockReleased}, {@code StockCommitted}, {@code PaymentVoided}, {@code
     * PaymentCaptured}, {@code OrderApproved}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OrderIdBody(String orderId) {}

    /** {@code payment.PaymentAuthorized.v1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PaymentAuthorizedBody(String orderId, MoneyBody amount) {}

    /** {@code payment.PaymentDeclined.v1} and {@code order.OrderRejected.v1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReasonBody(String orderId, String reason) {}

    // Written: the commands.

    /** {@code inventory.ReserveStock.v1}. */
    record ReserveStockBody(String orderId, List<StockItem> items) {}

    record StockItem(String sku, int quantity) {}

    /** {@code payment.AuthorizePayment.v1}. */
    record AuthorizePaymentBody(String orderId, String customerId, MoneyBody amount) {}

    /** {@code order.RejectOrder.v1}. */
    record RejectOrderBody(String orderId, String reason) {}

    /**
     * Commands that carry only the order id: {@code ReleaseStock}, {@code CommitStock}, {@code VoidPayment},
     * {@code CapturePayment}, {@code ApproveOrder}.
     */
    record OrderIdCommandBody(String orderId) {}
}
