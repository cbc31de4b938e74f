package dev.shopfloor.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the gateway, prefix {@code shopfloor.gateway}. Each backend URL is a base URL (http or https, host,
 * port, no path): the gateway forwards the request path unchanged, so {@code /api/orders/42} reaches
 * {@code <orderServiceUrl>/api/orders/42}. Overridable by environment, e.g. {@code SHOPFLOOR_GATEWAY_ORDER_SERVICE_URL}.
 * A URL with a path, query or another scheme fails the start-up: the gateway would silently drop the path.
 *
 * @param orderServiceUrl order-service, serves {@code /api/orders/**}
 * @param paymentServiceUrl payment-service, serves {@code /api/customers/**}
 * @param inventoryServiceUrl inventory-service, serves {@code /api/products/**}
 * @param sagaOrchestratorUrl saga-orchestrator, serves {@code /api/orders/{id}/saga}
 * @param readModelServiceUrl read-model-service (CQRS order views), serves {@code GET /api/orders} and a share of
 *     {@code GET /api/orders/{orderId}} (see {@code strangler})
 * @param retryAfter how long a client is told to wait ({@code Retry-After}, whole seconds, at least 1) when a backend
 *     cannot be reached or does not answer in time
 * @param strangler how reads of one order are split between order-service and read-model-service
 * @param cors which browser origins may call the API
 * @param maxRequestBody the largest request body the gateway forwards (bytes; {@code 1MB} by default, far above any
 *     order the API takes); a larger one is answered {@code 413} problem+json and never reaches a service
 * @param rateLimits per-caller token buckets (in Redis) for each class of request, and what happens when Redis is down
 * @param resilience per-backend time limits and circuit breakers
 */
@Validated
@ConfigurationProperties("shopfloor.gateway")
public record ShopfloorGatewayProperties(
        @DefaultValue("http://localhost:8081") @NotNull URI orderServiceUrl,
        @DefaultValue("http://localhost:8082") @NotNull URI paymentServiceUrl,
        @DefaultValue("http://localhost:8083") @NotNull URI inventoryServiceUrl,
        @DefaultValue("http://localhost:8085") @NotNull URI sagaOrchestratorUrl,
        @DefaultValue("http://localhost:8084") @NotNull URI readModelServiceUrl,
        @DefaultValue("5s") @NotNull Duration retryAfter,
        @DefaultValue @Valid Strangler strangler,
        @DefaultValue @Valid Cors cors,
        @DefaultValue @Valid RateLimits rateLimits,
        @DefaultValue @Valid Resilience resilience,
        @DefaultValue("1MB") @NotNull DataSize maxRequestBody) {

    public ShopfloorGatewayProperties {
        if (maxRequestBody != null && maxRequestBody.toBytes() < 1) {
            throw new IllegalArgumentException(
                    "shopfloor.gateway.max-request-body must be positive, got " + maxRequestBody);
        }
        requireBaseUrl("order-service-url", orderServiceUrl);
        requireBaseUrl("payment-service-url", paymentServiceUrl);
        requireBaseUrl("inventory-service-url", inventoryServiceUrl);
        requireBaseUrl("saga-orchestrator-url", sagaOrchestratorUrl);
        requireBaseUrl("read-model-service-url", readModelServiceUrl);
        if (retryAfter != null && retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("shopfloor.gateway.retry-after must be at least 1s, got " + retryAfter);
        }
    }

    /**
     * The strangler-fig migration of {@code GET /api/orders/{orderId}} from order-service (legacy, its write database)
     * to read-model-service (new, the CQRS read model).
     *
     * @param readModelPercent the share of callers (0-100) served by read-model-service until one is set at run time
     *     on the gateway's {@code /actuator/strangler} endpoint
     * @param redisKey where the share set at run time lives in Redis, shared by every instance of the gateway
     * @param syncInterval how often each gateway instance reads the shared share (and writes its own back when Redis
     *     lost it); a change reaches every instance within this time
     */
    public record Strangler(
            @DefaultValue("0") @Min(0) @Max(100) int readModelPercent,

            @DefaultValue("shopfloor:gateway:strangler:read-model-percent") @NotBlank
            String redisKey,

            @DefaultValue("1s") @NotNull Duration syncInterval) {

        public Strangler {
            if (readModelPercent < 0 || readModelPercent > 100) {
                throw new IllegalArgumentException(
                        "shopfloor.gateway.strangler.read-model-percent must be 0-100, got " + readModelPercent);
            }
        }
    }

    /**
     * Cross-origin access to {@code /api/**} from browsers (the Fetch standard's CORS protocol).
     *
     * @param allowedOrigins exact origins, e.g. {@code https://shop.example.com}; empty (the default) refuses every
     *     cross-origin request. A {@code *} is refused at start-up: the API carries customers' data.
     * @param maxAge how long a browser may cache a preflight answer
     */
    public record Cors(
            @DefaultValue({}) List<String> allowedOrigins,
            @DefaultValue("30m") @NotNull Duration maxAge) {

        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
            if (allowedOrigins.contains("*")) {
                throw new IllegalArgumentException("shopfloor.gateway.cors.allowed-origins must list origins, not '*'");
            }
        }

        /** No cross-origin access (the default). */
        public static Cors none() {
            return new Cors(List.of(), Duration.ofMinutes(30));
        }
    }

    /**
     * Rate limits (DESIGN.md §7): one token bucket per caller and route class, kept in Redis by Spring Cloud Gateway's
     * {@code RedisRateLimiter}. The caller is the access token's subject ({@code /api/**} is always authenticated;
     * the client's address only stands in for a request without one). A request takes {@code requestedTokens} from
     * its bucket; a bucket holds at most {@code burstCapacity} tokens and gains {@code replenishRate} tokens a second.
     * Redis keeps a bucket's time in whole seconds, so tokens come back once a second, never in between.
     *
     * <p>The route classes: {@code placement} is {@code POST /api/orders} (each one starts a saga, the platform's
     * costliest request); {@code reads} is every {@code GET} (and {@code HEAD}); {@code writes} is every other write
     * (catalog, stock, credit accounts: back-office calls, kept apart so a bulk stock load never eats the budget for
     * placing orders, nor the other way round). A caller has one bucket per class, whichever route or backend serves
     * the request.
     *
     * @param enabled {@code false} switches rate limiting off altogether (e.g. behind a limiter of the ingress, or to
     *     measure what it costs: {@code ./platform bench gateway}); on by default
     * @param whenRedisDown what the gateway does while Redis does not answer within {@code spring.data.redis.timeout}:
     *     {@code fail-open} (default) lets requests through unchecked ({@code X-RateLimit-Remaining: -1}); {@code
     *     fail-closed} refuses them with {@code 503} problem+json and {@code Retry-After} ({@code retry-after})
     * @param redisReconnectMaxDelay the longest pause between two attempts to reconnect to Redis after it went away
     *     (Lettuce backs off exponentially up to this), so limits apply again at most this long after Redis is back
     * @param placement the bucket of {@code POST /api/orders}
     * @param reads the bucket of every {@code GET}
     * @param writes the bucket of every other write
     */
    public record RateLimits(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("fail-open") @NotNull WhenRedisDown whenRedisDown,
            @DefaultValue("1s") @NotNull Duration redisReconnectMaxDelay,
            @Valid Bucket placement,
            @Valid Bucket reads,
            @Valid Bucket writes) {

        public RateLimits {
            placement = placement == null ? new Bucket(20, 50, 1) : placement;
            reads = reads == null ? new Bucket(100, 200, 1) : reads;
            writes = writes == null ? new Bucket(20, 50, 1) : writes;
            if (redisReconnectMaxDelay != null && redisReconnectMaxDelay.toMillis() < 1) {
                throw new IllegalArgumentException(
                        "shopfloor.gateway.rate-limits.redis-reconnect-max-delay must be positive, got "
                                + redisReconnectMaxDelay);
            }
        }

        /** The built-in limits, fail-open. */
        public static RateLimits builtIn() {
            return new RateLimits(true, WhenRedisDown.FAIL_OPEN, Duration.ofSeconds(1), null, null, null);
        }
    }

    /** What the gateway does with a request whose rate it cannot check because Redis does not answer. */
    public enum WhenRedisDown {
        /** Let it through unchecked: Redis being down costs no availability, only protection. */
        FAIL_OPEN,
        /** Refuse it with {@code 503}: no request passes unchecked. */
        FAIL_CLOSED
    }

    /**
     * One class's token bucket, per caller.
     *
     * @param replenishRate tokens added a second, at least 1 (whole tokens, as the limiter takes them)
     * @param burstCapacity the most tokens a bucket holds: the longest burst allowed; at least {@code replenishRate}
     *     and at least {@code requestedTokens}
     * @param requestedTokens tokens one request costs, at least 1; above 1 it sets rates below one request a second
     *     (replenish-rate 1, requested-tokens 60, burst-capacity 60: one request a minute)
     */
    public record Bucket(
            int replenishRate,
            long burstCapacity,
            @DefaultValue("1") int requestedTokens) {

        public Bucket {
            if (replenishRate < 1) {
                throw new IllegalArgumentException(
                        "a rate limit's replenish-rate must be at least 1, got " + replenishRate);
            }
            if (burstCapacity < replenishRate || burstCapacity < requestedTokens) {
                throw new IllegalArgumentException("a rate limit's burst-capacity (" + burstCapacity
                        + ") must be at least its replenish-rate (" + replenishRate + ") and its requested-tokens ("
                        + requestedTokens + ")");
            }
            if (requestedTokens < 1) {
                throw new IllegalArgumentException(
                        "a rate limit's requested-tokens must be at least 1, got " + requestedTokens);
            }
        }
    }

    /**
     * Resilience4j at the gateway (DESIGN.md §7): every backend has its own time limit and circuit breaker, shared by
     * all routes to that backend.
     *
     * @param defaults the settings of every backend not named in {@code backends}
     * @param backends settings for single backends by name ({@code order-service}, {@code payment-service}, {@code
     *     inventory-service}, {@code saga-orchestrator}, {@code read-model-service}); an entry replaces {@code
     *     defaults} as a whole for that backend (fields it leaves out take the built-in defaults). An unknown name
     *     fails the start-up.
     */
    public record Resilience(@DefaultValue @Valid Breaker defaults, Map<String, @Valid Breaker> backends) {

        public Resilience {
            backends = backends == null ? Map.of() : Map.copyOf(backends);
        }

        /** The settings for one backend. */
        public Breaker forBackend(String backend) {
            return backends.getOrDefault(backend, defaults);
        }

        /** The built-in settings for every backend. */
        public static Resilience builtIn() {
            return new Resilience(Breaker.builtIn(), Map.of());
        }
    }

    /**
     * One backend's time limit and circuit breaker. The breaker judges the last {@code slidingWindow} calls (a
     * count-based window): once it has seen at least {@code minimumCalls} and at least {@code failureRateThreshold}
     * percent of them failed, it opens. A failure is a {@code 5xx} answer, a timeout or a connection that fails; a
     * {@code 4xx} answer never is (the caller's mistake, not the backend's). While open, the gateway answers {@code
     * 503} problem+json at once, without calling the backend, for {@code openWait}; then it lets {@code halfOpenCalls}
     * calls through and closes again if fewer than the threshold of them fail, or opens for another {@code openWait}.
     * Slow calls are judged by the time limit alone: a call within it counts as a success.
     *
     * @param timeout the longest wait for the backend to start answering (status and headers), then the call fails
     *     with {@code 503 backend-unavailable}
     * @param slidingWindow calls in the window, at least 1
     * @param minimumCalls calls needed before the failure rate counts, at least 1
     * @param failureRateThreshold percent of failed calls (1-100) that opens the breaker
     * @param openWait how long an open breaker refuses calls; {@code Retry-After} tells this in whole seconds
     * @param halfOpenCalls trial calls let through after {@code openWait}, at least 1
     */
    public record Breaker(
            @DefaultValue("5s") @NotNull Duration timeout,
            @DefaultValue("20") @Min(1) int slidingWindow,
            @DefaultValue("10") @Min(1) int minimumCalls,
            @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
            @DefaultValue("10s") @NotNull Duration openWait,
            @DefaultValue("3") @Min(1) int halfOpenCalls) {

        public Breaker {
            if (timeout != null && timeout.toMillis() < 1) {
                throw new IllegalArgumentException("a breaker's timeout must be positive, got " + timeout);
            }
            if (openWait != null && openWait.toMillis() < 1) {
                throw new IllegalArgumentException("a breaker's open-wait must be positive, got " + openWait);
            }
            if (slidingWindow < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
                throw new IllegalArgumentException(
                        "a breaker's sliding-window, minimum-calls and half-open-calls must be at least 1");
            }
            if (failureRateThreshold < 1 || failureRateThreshold > 100) {
                throw new IllegalArgumentException(
                        "a breaker's failure-rate-threshold must be 1-100 (percent), got " + failureRateThreshold);
            }
        }

        /** The built-in settings. */
        public static Breaker builtIn() {
            return new Breaker(Duration.ofSeconds(5), 20, 10, 50, Duration.ofSeconds(10), 3);
        }
    }

    private static void requireBaseUrl(String name, URI url) {
        if (url == null) {
            return; // reported by @NotNull
        }
        boolean web = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
        boolean bare = (url.getRawPath() == null
                        || url.getRawPath().isEmpty()
                        || url.getRawPath().equals("/"))
                && url.getRawQuery() == null
                && url.getRawFragment() == null;
        if (!web || url.getHost() == null || !bare) {
            throw new IllegalArgumentException(
                    "shopfloor.gateway." + name + " must be a base URL like http://host:port, got " + url);
        }
    }
}
