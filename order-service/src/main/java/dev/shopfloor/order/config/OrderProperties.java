package dev.shopfloor.order.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Currency;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the order service, prefix {@code shopfloor.order}.
 *
 * @param workerId the Snowflake worker id of this process, 0..1023; two processes that run at once need different
 *     ones or they may make the same order id
 * @param inventoryUrl base URL of inventory-service, which the service asks for product prices
 * @param currency the platform currency; every order is in it, a product priced otherwise cannot be ordered
 * @param inventoryClient timeouts, retries and circuit breaker of the calls to inventory-service
 * @param idempotencyKeyTtl how long an {@code Idempotency-Key} of {@code POST /api/orders} is remembered: within it,
 *     the same key replays the first answer (or, with another body, answers 409); after it, the key is free again.
 *     Positive; 24 h by default
 */
@Validated
@ConfigurationProperties("shopfloor.order")
public record OrderProperties(
        @DefaultValue("0") @Min(0) @Max(1023) int workerId,
        @DefaultValue("http://localhost:8083") @NotNull URI inventoryUrl,
        @DefaultValue("EUR") @NotNull Currency currency,
        @DefaultValue @Valid InventoryClient inventoryClient,
        @DefaultValue("24h") @NotNull Duration idempotencyKeyTtl) {

    public OrderProperties {
        if (idempotencyKeyTtl != null && (idempotencyKeyTtl.isZero() || idempotencyKeyTtl.isNegative())) {
            throw new IllegalArgumentException(
                    "shopfloor.order.idempotency-key-ttl must be positive, was " + idempotencyKeyTtl);
        }
    }

    /**
     * How order placement calls inventory-service ({@code shopfloor.order.inventory-client}). One attempt is bounded
     * by {@code connectTimeout} + {@code readTimeout}; an attempt that fails transiently (no connection, a timeout, a
     * 5xx) is retried as {@code retry} says; attempts go through the circuit breaker {@code inventory} as
     * {@code circuitBreaker} says. A 4xx answer is never retried and never counts against the breaker.
     *
     * @param connectTimeout how long to wait for a TCP connection to inventory-service
     * @param readTimeout how long to wait for its answer
     * @param retryAfter what the {@code Retry-After} header of a 503 tells a client when inventory-service failed
     *     while the circuit breaker was still closed (whole seconds are sent, at least 1); with the breaker open it
     *     is {@code circuitBreaker.waitInOpenState} instead
     * @param retry how a failed attempt is repeated
     * @param circuitBreaker when the breaker opens and for how long
     */
    public record InventoryClient(
            @DefaultValue("2s") @NotNull Duration connectTimeout,
            @DefaultValue("2s") @NotNull Duration readTimeout,
            @DefaultValue("5s") @NotNull Duration retryAfter,
            @DefaultValue @Valid @NotNull Retry retry,
            @DefaultValue @Valid @NotNull CircuitBreaker circuitBreaker) {}

    /**
     * Retries of one product lookup ({@code GET /api/products/{sku}}, which is safe to repeat). The wait before
     * attempt n + 1 is {@code backoff * backoffMultiplier^(n - 1)}, at most {@code maxBackoff}; so with the defaults
     * (3 attempts, 100 ms, x2) a lookup that keeps failing waits 300 ms in all besides the attempts themselves. An
     * attempt refused by the open breaker is not retried.
     *
     * @param maxAttempts attempts in all, the first one included: 1 means no retry; 1..10
     * @param backoff wait before the second attempt; positive
     * @param backoffMultiplier factor of each further wait over the one before; 1 (a fixed wait) to 10
     * @param maxBackoff longest single wait; not shorter than {@code backoff}
     */
    public record Retry(
            @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
            @DefaultValue("100ms") @NotNull Duration backoff,

            @DefaultValue("2") @DecimalMin("1") @DecimalMax("10")
            double backoffMultiplier,

            @DefaultValue("1s") @NotNull Duration maxBackoff) {

        public Retry {
            if (backoff != null && (backoff.isZero() || backoff.isNegative())) {
                throw new IllegalArgumentException(
                        "shopfloor.order.inventory-client.retry.backoff must be positive, was " + backoff);
            }
            if (backoff != null && maxBackoff != null && maxBackoff.compareTo(backoff) < 0) {
                throw new IllegalArgumentException("shopfloor.order.inventory-client.retry.max-backoff (" + maxBackoff
                        + ") must not be shorter than retry.backoff (" + backoff + ")");
            }
        }
    }

    /**
     * The circuit breaker {@code inventory} in front of inventory-service. It looks at the last
     * {@code slidingWindowSize} attempts (a count-based window); once it has seen at least
     * {@code minimumNumberOfCalls} and at least {@code failureRateThreshold} percent of them failed (no connection,
     * a timeout, a 5xx), it opens: for {@code waitInOpenState} no attempt is made and placement answers 503 at once.
     * Then it lets {@code permittedCallsInHalfOpenState} attempts through; if fewer than the threshold of them fail
     * it closes, otherwise it opens again.
     *
     * @param slidingWindowSize attempts the failure rate is computed over; at least 1
     * @param minimumNumberOfCalls attempts seen before the breaker may open; 1..{@code slidingWindowSize}
     * @param failureRateThreshold failure rate, in percent, at which the breaker opens; above 0, at most 100
     * @param waitInOpenState how long the breaker stays open; whole seconds, rounded up, go to {@code Retry-After};
     *     positive
     * @param permittedCallsInHalfOpenState trial attempts after the wait; at least 1
     */
    public record CircuitBreaker(
            @DefaultValue("20") @Min(1) int slidingWindowSize,
            @DefaultValue("10") @Min(1) int minimumNumberOfCalls,

            @DefaultValue("50") @DecimalMin(value = "0", inclusive = false) @DecimalMax("100")
            float failureRateThreshold,

            @DefaultValue("10s") @NotNull Duration waitInOpenState,
            @DefaultValue("3") @Min(1) int permittedCallsInHalfOpenState) {

        public CircuitBreaker {
            if (minimumNumberOfCalls > slidingWindowSize) {
                throw new IllegalArgumentException(
                        "shopfloor.order.inventory-client.circuit-breaker.minimum-number-of-calls ("
                                + minimumNumberOfCalls + ") must not exceed sliding-window-size (" + slidingWindowSize
                                + ")");
            }
            if (waitInOpenState != null && (waitInOpenState.isZero() || waitInOpenState.isNegative())) {
                throw new IllegalArgumentException(
                        "shopfloor.order.inventory-client.circuit-breaker.wait-in-open-state must be positive, was "
                                + waitInOpenState);
            }
        }
    }
}
