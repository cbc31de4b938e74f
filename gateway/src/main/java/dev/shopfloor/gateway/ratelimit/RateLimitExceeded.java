package dev.shopfloor.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;

/**
 * A request refused because its caller's bucket for its route class is empty; answered {@code 429} problem+json with
 * {@code Retry-After} and the {@code X-RateLimit-*} headers. Carries no stack trace: it is an answer, not a fault.
 */
public final class RateLimitExceeded extends RuntimeException {

    private final RouteClass routeClass;
    private final Duration retryAfter;
    private final Map<String, String> headers;

    /**
     * @param routeClass the class whose bucket is empty
     * @param retryAfter when the bucket holds enough tokens again, whole seconds, at least 1 s
     * @param headers the limiter's {@code X-RateLimit-*} headers for the answer
     */
    public RateLimitExceeded(RouteClass routeClass, Duration retryAfter, Map<String, String> headers) {
        super("rate limit of " + routeClass.id() + " exceeded", null, false, false);
        this.routeClass = routeClass;
        this.retryAfter = retryAfter;
        this.headers = Map.copyOf(headers);
    }

    public RouteClass routeClass() {
        return routeClass;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
