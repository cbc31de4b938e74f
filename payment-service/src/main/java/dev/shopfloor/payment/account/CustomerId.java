package dev.shopfloor.payment.account;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies the customer who owns an account: 1 to 64 characters from letters, digits, {@code . _ - : @}. The
 * HTTP API is stricter and accepts only letters, digits, {@code . _ -} for new accounts; the wider set here also
 * admits every customer id the message contract allows, so such a command is declined (no account) instead of
 * being treated as unreadable.
 *
 * @param value the id as the customer and the order service write it
 * @throws IllegalArgumentException when the value is empty, longer than 64 characters or has other characters
 */
public record CustomerId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    public CustomerId {
        Objects.requireNonNull(value, "customer id");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a customer id has 1 to 64 letters, digits, '.', '_', '-', ':' or '@'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
