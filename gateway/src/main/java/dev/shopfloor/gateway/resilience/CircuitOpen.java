package dev.shopfloor.gateway.resilience;

import java.time.Duration;

/**
 * A call the gateway did not make because the backend's circuit breaker is open (or half-open with every trial call
 * taken); answered {@code 503} problem+json with {@code Retry-After} at once. Carries no stack trace: it is an
 * answer, not a fault.
 */
public final class CircuitOpen extends RuntimeException {

    private final String backend;
    private final Duration retryAfter;

    /**
     * @param backend the backend whose breaker refused the call
     * @param retryAfter the breaker's wait in the open state, rounded up to whole seconds
     * @param cause resilience4j's refusal
     */
    public CircuitOpen(String backend, Duration retryAfter, Throwable cause) {
        super("circuit breaker of " + backend + " is open", cause, false, false);
        this.backend = backend;
        this.retryAfter = retryAfter;
    }

    public String backend() {
        return backend;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
