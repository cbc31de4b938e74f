package dev.shopfloor.inventory.cache;

import dev.shopfloor.cache.CacheAside;
import dev.shopfloor.cache.CacheAsideMetrics;
import dev.shopfloor.inventory.config.InventoryProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The Redis cache of {@code GET /api/products/{sku}} (keys {@code <prefix>:<sku>}, TTL
 * {@code shopfloor.inventory.cache.ttl}). A product's answer shows its price and its available stock, so every write
 * of a {@code product} or {@code stock} row evicts the SKU, after the transaction commits
 * ({@link #evictAfterCommit}): evicting earlier would let a reader cache the old row again before the commit. Hits,
 * misses, puts and evictions are counted as Micrometer's {@code cache.*} meters, tag {@code cache=products}.
 *
 * <p>It opens its Redis connection at start-up, before the service reports ready (waiting up to
 * {@link #CONNECT_WITHIN} for Redis), so the first request or eviction neither pays the connect nor fails on it.
 */
@Component
public class ProductCache implements SmartInitializingSingleton {

    /** The {@code cache} tag of its meters ({@code cache_gets_total{cache="products",result="hit"}}, ...). */
    public static final String CACHE_NAME = "products";

    /** How long start-up waits for Redis to answer before going on without it (reads then use the database). */
    static final Duration CONNECT_WITHIN = Duration.ofSeconds(5);

    private final CacheAside cache;
    private final InventoryProperties.Cache settings;

    ProductCache(StringRedisTemplate redis, InventoryProperties properties, MeterRegistry metrics) {
        this.settings = properties.cache();
        this.cache = new CacheAside(redis, settings.ttl());
        new CacheAsideMetrics(cache, CACHE_NAME).bindTo(metrics);
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (settings.enabled()) {
            cache.connect(CONNECT_WITHIN);
        }
    }

    /** The cached answer for {@code sku}, or {@code loader}'s (whose exceptions pass through, nothing cached). */
    public <T> T get(String sku, Function<String, Optional<T>> decode, Function<T, String> encode, Supplier<T> loader) {
        if (!settings.enabled()) {
            return loader.get();
        }
        return cache.get(key(sku), decode, encode, loader);
    }

    /**
     * Evicts these SKUs once the current transaction has committed (at once when there is none). A rolled back
     * transaction changed nothing and evicts nothing.
     */
    public void evictAfterCommit(Collection<String> skus) {
        if (!settings.enabled() || skus.isEmpty()) {
            return;
        }
        Collection<String> keys = skus.stream().map(this::key).toList();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    keys.forEach(cache::evict);
                }
            });
        } else {
            keys.forEach(cache::evict);
        }
    }

    String key(String sku) {
        return settings.keyPrefix() + ":" + sku;
    }
}
