package dev.shopfloor.saga.createorder;

/**
 * The customer who placed the order, as the order service names them; the saga passes it to the payment service.
 *
 * @param value a non-blank identifier
 * @throws IllegalArgumentException when {@code value} is {@code null} or blank
 */
public record CustomerId(String value) {

    public CustomerId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("customer id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
