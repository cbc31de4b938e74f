package dev.shopfloor.payment.authorization;

/**
 * The order an authorization is for: a positive 64-bit Snowflake id, written as a decimal string in messages.
 *
 * @param value the id
 * @throws IllegalArgumentException when the id is not positive
 */
public record OrderId(long value) {

    public OrderId {
        if (value <= 0) {
            throw new IllegalArgumentException("an order id is positive, was " + value);
        }
    }

    /**
     * Reads an order id written as a decimal string.
     *
     * @throws IllegalArgumentException when {@code text} is not a positive 64-bit decimal number
     */
    public static OrderId parse(String text) {
        if (text == null || !text.matches("[0-9]{1,19}")) {
            throw new IllegalArgumentException("an order id is a decimal string, was " + text);
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
