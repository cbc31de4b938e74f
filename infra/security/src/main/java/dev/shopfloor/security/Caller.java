package dev.shopfloor.security;

import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request, as its access token says: a customer (the token carries the customer claim, e.g. {@code
 * customer_id}) who may address only that customer's orders, account and sagas; or the platform itself (client
 * credentials of a script or service, a back-office user) who may address any customer. Scopes are checked before a
 * request reaches a controller ({@link ApiAccess}); a {@code Caller} answers only "for whom".
 *
 * <p>The defence against broken object-level authorization (OWASP API Security Top 10, API1:2023): a resource of
 * another customer is answered as if it did not exist ({@code 404}), so its existence is not revealed.
 *
 * @param subject the token's {@code sub}
 * @param customerId the customer the token acts for, empty for the platform's own tokens
 */
public record Caller(String subject, Optional<String> customerId) {

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(customerId, "customerId");
    }

    /** A platform token: acts for every customer. */
    public static Caller platform(String subject) {
        return new Caller(subject, Optional.empty());
    }

    public static Caller customer(String subject, String customerId) {
        return new Caller(subject, Optional.of(customerId));
    }

    public boolean isCustomer() {
        return customerId.isPresent();
    }

    /** Whether this caller may read or act on {@code customerId}'s resources. */
    public boolean mayActFor(String customerId) {
        return this.customerId.map(own -> own.equals(customerId)).orElse(true);
    }
}
