package dev.shopfloor.order.placement;

import dev.shopfloor.order.domain.InvalidOrder;
import dev.shopfloor.order.domain.Violation;
import java.util.List;

/**
 * The value of a request's {@code Idempotency-Key} header: 1 to {@value #MAX_LENGTH} characters, chosen by the
 * client, unique per intended order of that caller. Keys of different callers never meet
 * (draft-ietf-httpapi-idempotency-key-header §2).
 *
 * @param caller who sent it: the access token's subject
 * @param value the header's value
 * @throws InvalidOrder when the value is empty or too long
 */
public record IdempotencyKey(String caller, String value) {

    public static final int MAX_LENGTH = 100;

    public IdempotencyKey {
        java.util.Objects.requireNonNull(caller, "caller");
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidOrder(
                    List.of(new Violation("Idempotency-Key", "must be 1 to " + MAX_LENGTH + " characters")));
        }
    }
}
