package dev.shopfloor.order.config;

import jakarta.validation.Valid;
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
 * @param inventoryClient timeouts of the calls to inventory-service
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
     * @param connectTimeout how long to wait for a TCP connection to inventory-service
     * @param readTimeout how long to wait for its answer
     * @param retryAfter what the {@code Retry-After} header of a 503 tells a client when inventory-service cannot
     *     be reached
     */
    public record InventoryClient(
            @DefaultValue("2s") @NotNull Duration connectTimeout,
            @DefaultValue("2s") @NotNull Duration readTimeout,
            @DefaultValue("5s") @NotNull Duration retryAfter) {}
}
