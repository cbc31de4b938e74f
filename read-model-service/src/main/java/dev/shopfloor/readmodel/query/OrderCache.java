package dev.shopfloor.readmodel.query;

import dev.shopfloor.cache.CacheAside;
import dev.shopfloor.cache.CacheAsideMetrics;
import dev.shopfloor.readmodel.config.ReadModelProperties;
import dev.shopfloor.readmodel.projection.Generation;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Redis cache of single orders ({@code GET /api/orders/{orderId}}), keyed {@code <prefix>:g<generation>:<orderId>}
 * (a rebuild's switch leaves the old generation's entries unreachable; their TTL removes them). Values are the
 * order's JSON behind a format tag ({@code 1|}); an entry in another format reads as a miss. Hits, misses, puts and
 * evictions are counted as Micrometer's {@code cache.*} meters, tag {@code cache=orders}.
 *
 * <p>It opens its Redis connection at start-up, before the CDC engines start and before the service reports ready
 * (waiting up to {@link #CONNECT_WITHIN} for Redis): the first eviction runs on a CDC engine's thread, right after a
 * projection commit, and should neither pay the connect nor fail on it.
 */
@Component
public class OrderCache implements SmartInitializingSingleton {

    /** The {@code cache} tag of its meters ({@code cache_gets_total{cache="orders",result="hit"}}, ...). */
    public static final String CACHE_NAME = "orders";

    private static final String FORMAT = "1|";

    /** How long start-up waits for Redis to answer before going on without it (reads then use the database). */
    static final Duration CONNECT_WITHIN = Duration.ofSeconds(5);

    private final CacheAside cache;
    private final JsonMapper json;
    private final ReadModelProperties.Cache settings;

    OrderCache(StringRedisTemplate redis, JsonMapper json, ReadModelProperties properties, MeterRegistry metrics) {
        this.cache = new CacheAside(redis, properties.cache().ttl());
        new CacheAsideMetrics(cache, CACHE_NAME).bindTo(metrics);
        this.json = json;
        this.settings = properties.cache();
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (settings.enabled()) {
            cache.connect(CONNECT_WITHIN);
        }
    }

    /** The order from the cache, or from {@code loader} (null when the read model does not have it; not cached). */
    public OrderJson get(Generation generation, long orderId, Supplier<OrderJson> loader) {
        if (!settings.enabled()) {
            return loader.get();
        }
        return cache.get(key(generation, orderId), this::decode, this::encode, loader);
    }

    /** Evicts these orders; call after the projection transaction that changed them committed. */
    public void evict(Generation generation, Collection<Long> orderIds) {
        if (settings.enabled()) {
            orderIds.forEach(id -> cache.evict(key(generation, id)));
        }
    }

    String key(Generation generation, long orderId) {
        return settings.keyPrefix() + ":" + generation.schema() + ":" + orderId;
    }

    CacheAside cacheAside() {
        return cache;
    }

    private Optional<OrderJson> decode(String value) {
        if (!value.startsWith(FORMAT)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(value.substring(FORMAT.length()), OrderJson.class));
    }

    private String encode(OrderJson order) {
        return FORMAT + json.writeValueAsString(order);
    }
}
