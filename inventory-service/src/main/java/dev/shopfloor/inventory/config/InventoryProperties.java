package dev.shopfloor.inventory.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Currency;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the inventory service, prefix {@code shopfloor.inventory}.
 *
 * @param catalog settings of the product catalog
 * @param cache the Redis cache of {@code GET /api/products/{sku}}
 */
@Validated
@ConfigurationProperties("shopfloor.inventory")
public record InventoryProperties(
        @DefaultValue @Valid Catalog catalog,
        @DefaultValue @Valid Cache cache) {

    /**
     * @param currency the platform currency (ISO 4217); every price must be in it, other currencies are refused
     *     with {@code 422}
     */
    public record Catalog(@DefaultValue("EUR") @NotNull Currency currency) {}

    /**
     * @param enabled whether product reads use Redis at all
     * @param ttl how long a cached product lives; evictions after each price or stock change keep it fresh meanwhile
     * @param keyPrefix prefix of the cache keys, {@code <prefix>:<sku>}
     */
    public record Cache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10m") @NotNull Duration ttl,
            @DefaultValue("inventory:product") @NotBlank String keyPrefix) {}
}
