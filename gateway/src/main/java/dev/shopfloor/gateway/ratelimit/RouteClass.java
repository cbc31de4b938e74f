package dev.shopfloor.gateway.ratelimit;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.Bucket;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.RateLimits;
import org.springframework.http.HttpMethod;

/**
 * The classes of request that have rate limits of their own (see {@link RateLimits}). The class follows from the
 * request's method and path alone, never from the route that serves it, so a caller has one bucket per class even
 * where several routes or backends serve the same path (the strangler's two sides of {@code GET /api/orders/{id}}).
 */
public enum RouteClass {
    /** {@code POST /api/orders}: each one starts an order saga. */
    PLACEMENT("placement"),
    /** {@code GET} and {@code HEAD} of anything. */
    READS("reads"),
    /** Every other write: catalog, stock, credit accounts. */
    WRITES("writes");

    private final String id;

    RouteClass(String id) {
        this.id = id;
    }

    /** The class's name: in the Redis key of each bucket, in metrics ({@code route-class} tag) and in problems. */
    public String id() {
        return id;
    }

    /**
     * @param method the request's method
     * @param rawPath the request's path as received
     */
    public static RouteClass of(HttpMethod method, String rawPath) {
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return READS;
        }
        if (HttpMethod.POST.equals(method) && ("/api/orders".equals(rawPath) || "/api/orders/".equals(rawPath))) {
            return PLACEMENT;
        }
        return WRITES;
    }

    /** This class's bucket in {@code limits}. */
    Bucket bucket(RateLimits limits) {
        return switch (this) {
            case PLACEMENT -> limits.placement();
            case READS -> limits.reads();
            case WRITES -> limits.writes();
        };
    }
}
