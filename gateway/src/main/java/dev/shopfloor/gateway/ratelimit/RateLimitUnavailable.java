package dev.shopfloor.gateway.ratelimit;

/**
 * A request refused because its rate cannot be checked (Redis does not answer) and the gateway is configured to fail
 * closed ({@code shopfloor.gateway.rate-limits.when-redis-down: fail-closed}); answered {@code 503} problem+json with
 * {@code Retry-After}. Carries no stack trace: the outage is logged once by the gateway's rate-limit health.
 */
public final class RateLimitUnavailable extends RuntimeException {

    private final RouteClass routeClass;

    /** @param routeClass the class of the refused request */
    public RateLimitUnavailable(RouteClass routeClass) {
        super("rate limit of " + routeClass.id() + " cannot be checked", null, false, false);
        this.routeClass = routeClass;
    }

    public RouteClass routeClass() {
        return routeClass;
    }
}
