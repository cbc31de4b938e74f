package dev.shopfloor.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

/**
 * Exports a {@link CacheAside}'s counts with Micrometer's cache binder, so they read like every other cache's
 * (Prometheus names in brackets), each tagged {@code cache=<name>}:
 *
 * <ul>
 *   <li>{@code cache.gets} [{@code cache_gets_total}], tag {@code result}: {@code hit} (a readable value was cached)
 *       or {@code miss} (the database answered: no entry, an unreadable entry, or Redis failed);
 *   <li>{@code cache.puts} [{@code cache_puts_total}]: values stored after a miss;
 *   <li>{@code cache.evictions} [{@code cache_evictions_total}]: entries removed after a write or as unreadable;
 *   <li>{@code cache.evictions.pending} [{@code cache_evictions_pending}], a gauge: evictions that failed and wait
 *       for their retry (above zero only while Redis fails).
 * </ul>
 *
 * <p>No {@code cache.size}: the entries share Redis with other caches, and counting them would mean a key scan.
 */
public final class CacheAsideMetrics extends CacheMeterBinder<CacheAside> {

    /** @param name the {@code cache} tag, e.g. {@code products} */
    public CacheAsideMetrics(CacheAside cache, String name) {
        super(cache, name, Tags.empty());
    }

    @Override
    protected Long size() {
        return null;
    }

    @Override
    protected long hitCount() {
        return getCache() == null ? 0 : getCache().hits();
    }

    @Override
    protected Long missCount() {
        return getCache() == null ? 0L : getCache().misses();
    }

    @Override
    protected Long evictionCount() {
        return getCache() == null ? 0L : getCache().evictions();
    }

    @Override
    protected long putCount() {
        return getCache() == null ? 0 : getCache().puts();
    }

    @Override
    protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
        Gauge.builder("cache.evictions.pending", getCache(), cache -> cache == null ? 0 : cache.pendingEvictions())
                .description("evictions that failed and wait for their retry")
                .tags(getTagsWithCacheName())
                .register(registry);
    }
}
