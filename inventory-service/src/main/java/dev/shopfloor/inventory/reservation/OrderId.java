package dev.shopfloor.inventory.reservation;

/**
 * The id of an order: a positive 64-bit Snowflake id, written as a decimal string in messages.
 *
 * @throws InvalidCommand when the value is not positive
 */
public record OrderId(long value) {

    public OrderId {
        if (value <= 0) {
            throw new InvalidCommand("order id must be positive, was " + value);
        }
    }

    /**
     * Reads the decimal form of an order id.
     *
     * @throws InvalidCommand when {@code text} is not a positive 64-bit decimal number
     */
    public static OrderId parse(String text) {
        try {
            return new OrderId(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new InvalidCommand("order id must be a positive decimal number, was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
