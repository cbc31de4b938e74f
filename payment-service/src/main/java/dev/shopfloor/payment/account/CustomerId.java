package dev.shopfloor.payment.account;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies the customer who owns an account: 1 to 64 characters, a letter or digit first, then letters, digits and
 * {@code . _ - : @}. This is the platform-wide rule of the message contract ({@code CustomerId} in
 * {@code infra/contracts/.../common.schema.json}); it admits OIDC subjects such as UUIDs and e-mail-like ids.
 *
 * @param value the id as the customer and the order service write it
 * @throws IllegalArgumentException when the value is empty, longer than 64 characters or has other characters
 */
public record CustomerId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}");

    public CustomerId {
        Objects.requireNonNull(value, "customer id");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a customer id has 1 to 64 letters, digits, '.', '_', '-', ':' or '@', and starts with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
