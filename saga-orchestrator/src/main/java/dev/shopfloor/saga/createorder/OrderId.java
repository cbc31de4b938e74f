package dev.shopfloor.saga.createorder;

/**
 * An order's id: a positive 64-bit Snowflake id, written as a decimal string in messages and URLs.
 *
 * @param value the id, greater than zero
 * @throws IllegalArgumentException when {@code value} is not positive
 */
public record OrderId(long value) {

    public OrderId {
        if (value <= 0) {
            throw new IllegalArgumentException("order id must be positive, was " + value);
        }
    }

    /**
     * Reads the decimal form.
     *
     * @throws IllegalArgumentException when {@code text} is not a positive decimal 64-bit number
     */
    public static OrderId parse(String text) {
        if (text == null || text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("order id must be a positive decimal number, was " + text);
        }
        try {
            return new OrderId(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("order id out of range: " + text, e);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
