package dev.shopfloor.order.domain;

import java.util.Optional;

/**
 * The id of an order: a positive 64-bit Snowflake id ({@link SnowflakeIdGenerator}), written as a decimal string
 * wherever it leaves the service (JSON, Kafka keys, headers).
 *
 * @param value greater than zero
 * @throws IllegalArgumentException when {@code value} is zero or negative
 */
public record OrderId(long value) {

    public OrderId {
        if (value <= 0) {
            throw new IllegalArgumentException("order id must be positive, was " + value);
        }
    }

    /**
     * Reads an order id from its decimal form.
     *
     * @return empty when {@code text} is missing, not a decimal number, out of range or not positive
     */
    public static Optional<OrderId> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        try {
            long value = Long.parseLong(text);
            return value > 0 ? Optional.of(new OrderId(value)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The decimal form, e.g. {@code "73923710534123520"}. */
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
