package dev.shopfloor.gateway.ratelimit;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.Bucket;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.RateLimits;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.WhenRedisDown;
import dev.shopfloor.gateway.security.CallerKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Applies the rate limits of {@link RateLimits} to every routed request, before any route filter, the strangler or a
 * circuit breaker sees it (and after {@code EdgeSecurity}: a request without a valid token is answered {@code 401}
 * before it gets here and costs no token).
 *
 * <p>The buckets are Spring Cloud Gateway's {@link RedisRateLimiter} (its Redis Lua token bucket). The limiter keys a
 * bucket by the pair it is asked about, {@code request_rate_limiter.{<routeId>.<key>}}; the gateway's standard {@code
 * RequestRateLimiter} filter asks with the route's id, which would give a caller one bucket per route, so two routes
 * on one path (the strangler's sides, weighted routes) would each grant the full limit. This filter asks with the
 * {@link RouteClass} instead, and the caller's {@link CallerKey}: one bucket per caller and class, for example {@code
 * request_rate_limiter.{reads.sub:alice}.tokens}. The class's limits are registered under the same id.
 *
 * <p>Every answer carries the limiter's {@code X-RateLimit-Remaining}, {@code X-RateLimit-Replenish-Rate}, {@code
 * X-RateLimit-Burst-Capacity} and {@code X-RateLimit-Requested-Tokens} headers. An empty bucket is answered {@code 429}
 * problem+json ({@link RateLimitExceeded}) with {@code Retry-After}: the whole seconds until the bucket holds a request's
 * tokens again, from the remaining tokens and the replenish rate.
 *
 * <p>Redis down: {@code RedisRateLimiter} does not fail; it catches the error, logs it at error level on every request
 * (the gateway turns that logger off) and answers "allowed" with {@code X-RateLimit-Remaining: -1}. The Lua script
 * never returns a negative count, so {@code -1} marks a request Redis did not check. Such a request passes ({@code
 * fail-open}) or is refused with {@code 503} ({@code fail-closed}, {@link RateLimitUnavailable}); either way {@link
 * RateLimitHealth} flips to degraded, and back at the next request Redis answers. Each check waits at most {@code
 * spring.data.redis.timeout}, and not at all while Lettuce knows the connection is down (see {@link RateLimiting}).
 *
 * <p>Metrics: {@code gateway.ratelimit.rejections} (tags {@code route-class}, {@code reason}: {@code limit} or {@code
 * redis-down}) and the gauge {@code gateway.ratelimit.degraded}.
 */
final class RateLimitFilter implements GlobalFilter, Ordered {

    /** Before every route filter (their order is their position, from 1) and before the proxy filters. */
    static final int ORDER = -10;

    static final String REJECTIONS = "gateway.ratelimit.rejections";
    private static final String UNCHECKED = "-1";

    private final RedisRateLimiter limiter;
    private final RateLimits limits;
    private final RateLimitHealth health;
    private final MeterRegistry metrics;

    RateLimitFilter(RedisRateLimiter limiter, RateLimits limits, RateLimitHealth health, MeterRegistry metrics) {
        if (!limiter.isIncludeHeaders()) {
            throw new IllegalStateException("spring.cloud.gateway.server.webflux.redis-rate-limiter.include-headers"
                    + " must stay true: the gateway reads X-RateLimit-Remaining to tell a request Redis checked from"
                    + " one it did not");
        }
        this.limiter = limiter;
        this.limits = limits;
        this.health = health;
        this.metrics = metrics;
        // every class and reason at zero from the start: a dashboard shows a flat line, not "no data", until a 429
        for (RouteClass routeClass : RouteClass.values()) {
            for (String reason : java.util.List.of("limit", "redis-down")) {
                rejections(routeClass, reason);
            }
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!limits.enabled()) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        RouteClass routeClass =
                RouteClass.of(request.getMethod(), request.getURI().getRawPath());
        return CallerKey.of(exchange)
                .flatMap(caller -> limiter.isAllowed(routeClass.id(), caller))
                .flatMap(answer -> decide(exchange, chain, routeClass, answer));
    }

    private Mono<Void> decide(
            ServerWebExchange exchange, GatewayFilterChain chain, RouteClass routeClass, RateLimiter.Response answer) {
        Map<String, String> headers = answer.getHeaders();
        if (UNCHECKED.equals(headers.get(limiter.getRemainingHeader()))) {
            health.unchecked();
            if (limits.whenRedisDown() == WhenRedisDown.FAIL_CLOSED) {
                rejected(routeClass, "redis-down");
                return Mono.error(new RateLimitUnavailable(routeClass));
            }
        } else {
            health.checked();
        }
        if (answer.isAllowed()) {
            HttpHeaders response = exchange.getResponse().getHeaders();
            headers.forEach(response::set);
            return chain.filter(exchange);
        }
        rejected(routeClass, "limit");
        return Mono.error(new RateLimitExceeded(routeClass, retryAfter(routeClass.bucket(limits), headers), headers));
    }

    /** Whole seconds until the bucket holds a request's tokens again; Redis refills once a second. */
    private Duration retryAfter(Bucket bucket, Map<String, String> headers) {
        long remaining;
        try {
            remaining = Math.max(0, Long.parseLong(headers.getOrDefault(limiter.getRemainingHeader(), "0")));
        } catch (NumberFormatException e) {
            remaining = 0;
        }
        long missing = Math.max(1, bucket.requestedTokens() - remaining);
        return Duration.ofSeconds(Math.max(1, Math.ceilDiv(missing, (long) bucket.replenishRate())));
    }

    private void rejected(RouteClass routeClass, String reason) {
        rejections(routeClass, reason).increment();
    }

    private Counter rejections(RouteClass routeClass, String reason) {
        return Counter.builder(REJECTIONS)
                .description("requests refused by the gateway's rate limits")
                .tag("route-class", routeClass.id())
                .tag("reason", reason)
                .register(metrics);
    }
}
