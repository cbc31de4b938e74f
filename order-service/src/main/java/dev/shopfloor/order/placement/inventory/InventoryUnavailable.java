package dev.shopfloor.order.placement.inventory;

/**
 * inventory-service could not be asked for prices: no connection, no answer within the read timeout, a 5xx, or an
 * answer that makes no sense. Nothing was stored; the client may retry later.
 */
public class InventoryUnavailable extends RuntimeException {

    public InventoryUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public InventoryUnavailable(String message) {
        super(message);
    }
}
