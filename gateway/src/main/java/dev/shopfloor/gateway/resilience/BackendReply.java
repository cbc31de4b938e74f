package dev.shopfloor.gateway.resilience;

/**
 * What a backend answered, as a circuit breaker judges it: a status of {@code 500} or more counts as a failure, any
 * other (including every {@code 4xx}) as a success. One exception: a {@code 503} with {@code Retry-After} is a backend
 * that is up and says, on purpose, that it cannot serve this now (RFC 9110 §15.6.4), e.g. order-service while its own
 * dependency inventory-service is down; counting it would open the breaker of a healthy backend and cut its other
 * routes off too. The answer itself goes to the client unchanged either way.
 */
public interface BackendReply {

    /** The HTTP status the backend answered. */
    int status();

    /** Whether the answer carries {@code Retry-After}. */
    boolean retryAfter();

    /** Whether a breaker counts this answer as a failure of the backend. */
    static boolean isFailure(Object result) {
        return result instanceof BackendReply reply
                && reply.status() >= 500
                && !(reply.status() == 503 && reply.retryAfter());
    }
}
