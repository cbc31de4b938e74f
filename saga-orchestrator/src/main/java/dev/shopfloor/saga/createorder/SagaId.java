package dev.shopfloor.saga.createorder;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies one saga instance; carried in the {@code saga-id} header of every command the saga sends and every
 * reply it gets.
 *
 * @param value a UUID, never {@code null}
 */
public record SagaId(UUID value) {

    public SagaId {
        Objects.requireNonNull(value, "saga id");
    }

    /** A new random saga id. */
    public static SagaId random() {
        return new SagaId(UUID.randomUUID());
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not a UUID
     */
    public static SagaId parse(String text) {
        return new SagaId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
