package dev.shopfloor.gateway.resilience;

/**
 * What a backend answered, as a circuit breaker judges it: a status of {@code 500} or more counts as a failure, any
 * other (including every {@code 4xx}) as a success. The answer itself goes to the client unchanged either way.
 */
public interface BackendReply {

    /** The HTTP status the backend answered. */
    int status();

    /** Whether a breaker counts this answer as a failure of the backend. */
    static boolean isFailure(Object result) {
        return result instanceof BackendReply reply && reply.status() >= 500;
    }
}
