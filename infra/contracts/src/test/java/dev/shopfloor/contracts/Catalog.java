package dev.shopfloor.contracts;

import static java.util.Map.entry;

import java.util.Map;

/** docs/event-catalog.md as data: each message type and the topic it travels on. */
final class Catalog {

    static final Map<String, String> TOPICS = Map.ofEntries(
            entry("order.OrderCreated.v1", "order.events"),
            entry("inventory.ReserveStock.v1", "inventory.commands"),
            entry("inventory.StockReserved.v1", "saga.replies"),
            entry("inventory.StockUnavailable.v1", "saga.replies"),
            entry("inventory.ReleaseStock.v1", "inventory.commands"),
            entry("inventory.StockReleased.v1", "saga.replies"),
            entry("inventory.CommitStock.v1", "inventory.commands"),
            entry("inventory.StockCommitted.v1", "saga.replies"),
            entry("payment.AuthorizePayment.v1", "payment.commands"),
            entry("payment.PaymentAuthorized.v1", "saga.replies"),
            entry("payment.PaymentDeclined.v1", "saga.replies"),
            entry("payment.VoidPayment.v1", "payment.commands"),
            entry("payment.PaymentVoided.v1", "saga.replies"),
            entry("payment.CapturePayment.v1", "payment.commands"),
            entry("payment.PaymentCaptured.v1", "saga.replies"),
            entry("order.ApproveOrder.v1", "order.commands"),
            entry("order.OrderApproved.v1", "saga.replies"),
            entry("order.RejectOrder.v1", "order.commands"),
            entry("order.OrderRejected.v1", "saga.replies"));

    private Catalog() {}
}
