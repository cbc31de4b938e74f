package dev.shopfloor.inventory.reservation;

/**
 * A stock command that can never be carried out as written: no order id, no lines, a quantity below 1. A consumer
 * treats it as a poison message.
 */
public class InvalidCommand extends RuntimeException {

    public InvalidCommand(String detail) {
        super(detail);
    }
}
