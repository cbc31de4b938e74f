package dev.shopfloor.messaging;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A message type name, {@code <context>.<Name>.v<N>} (DESIGN.md §5), e.g. {@code payment.PaymentAuthorized.v1}.
 *
 * @param value the full name; must match {@code [a-z]+\.[A-Z][A-Za-z]+\.v[1-9][0-9]*}
 * @throws IllegalArgumentException when the name does not have that shape
 */
public record MessageType(String value) {

    private static final Pattern SHAPE = Pattern.compile("[a-z]+\\.[A-Z][A-Za-z]+\\.v[1-9][0-9]*");

    public MessageType {
        Objects.requireNonNull(value, "message type");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("message type must look like context.Name.v1, was: " + value);
        }
    }

    /** Shorthand for {@code new MessageType(value)}. */
    public static MessageType of(String value) {
        return new MessageType(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
