package dev.shopfloor.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shopfloor.testing.Infrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link CacheAside} against a real Redis: hits, misses, evictions, the delayed-reader race, unreadable entries, and
 * the counts {@link CacheAsideMetrics} exports.
 */
class CacheAsideIT {

    static final LettuceConnectionFactory connections = connect();
    static final StringRedisTemplate redis = template();
    static final Function<String, Optional<String>> AS_IS = value -> Optional.of(value);

    final CacheAside cache = new CacheAside(redis, Duration.ofMinutes(5));
    final String key = "test:" + UUID.randomUUID();
    final AtomicInteger loads = new AtomicInteger();

    @AfterAll
    static void close() {
        connections.destroy();
    }

    @Test
    void loadsOnceAndServesTheCachedValueUntilEvicted() {
        assertThat(cache.get(key, AS_IS, v -> v, () -> load("v1"))).isEqualTo("v1");
        assertThat(cache.get(key, AS_IS, v -> v, () -> load("v2"))).isEqualTo("v1");

        cache.evict(key);

        assertThat(cache.get(key, AS_IS, v -> v, () -> load("v3"))).isEqualTo("v3");
        assertThat(loads).hasValue(2);
    }

    @Test
    void countsAMissAPutAHitAndAnEvictionUnderMicrometersCacheNames() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CacheAsideMetrics(cache, "products").bindTo(registry);

        cache.get(key, AS_IS, v -> v, () -> load("v1"));
        cache.get(key, AS_IS, v -> v, () -> load("v2"));
        cache.evict(key);

        assertThat(count(registry, "cache.gets", "result", "miss")).isEqualTo(1);
        assertThat(count(registry, "cache.gets", "result", "hit")).isEqualTo(1);
        assertThat(count(registry, "cache.puts")).isEqualTo(1);
        assertThat(count(registry, "cache.evictions")).isEqualTo(1);
    }

    @Test
    void countsAnUnreadableEntryAsAMissAndItsRemovalAsAnEviction() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CacheAsideMetrics(cache, "products").bindTo(registry);
        redis.opsForHash().put(key, "v", "format-0:garbage");

        cache.get(key, value -> Optional.empty(), v -> v, () -> load("fresh"));

        assertThat(count(registry, "cache.gets", "result", "miss")).isEqualTo(1);
        assertThat(count(registry, "cache.gets", "result", "hit")).isZero();
        assertThat(count(registry, "cache.evictions")).isEqualTo(1);
    }

    @Test
    void neverPutsBackAValueLoadedBeforeAnEvictionThatCameFirst() {
        // The delayed reader: misses, loads the old value ...
        List<?> miss = cache.begin(key);
        String token = (String) miss.get(1);
        String loadedBeforeTheWrite = "old";
        // ... meanwhile the write commits and evicts; a fresh reader may even load and cache the new value ...
        cache.evict(key);
        // ... and only then the delayed reader tries to store what it loaded.
        boolean stored = cache.put(key, token, loadedBeforeTheWrite);

        assertThat(stored).isFalse();
        assertThat(redis.opsForHash().get(key, "v")).isNull();
        assertThat(cache.get(key, AS_IS, v -> v, () -> load("new"))).isEqualTo("new");
    }

    @Test
    void doesNotLetTheDelayedReaderOverwriteTheNewValueAFreshReaderCached() {
        String delayedToken = (String) cache.begin(key).get(1);
        cache.evict(key);
        assertThat(cache.get(key, AS_IS, v -> v, () -> load("new"))).isEqualTo("new");

        assertThat(cache.put(key, delayedToken, "old")).isFalse();

        assertThat(cache.get(key, AS_IS, v -> v, () -> load("unused"))).isEqualTo("new");
    }

    @Test
    void doesNotMatchAnOldTokenAfterRedisDroppedTheEntryAndAnotherReaderRecreatedIt() {
        String delayedToken = (String) cache.begin(key).get(1);
        redis.delete(key); // dropped by LRU or TTL, not by a write
        String freshToken = (String) cache.begin(key).get(1);

        assertThat(freshToken).isNotEqualTo(delayedToken);
        assertThat(cache.put(key, delayedToken, "old")).isFalse();
    }

    @Test
    void treatsAnUnreadableEntryAsAMissAndReplacesIt() {
        redis.opsForHash().put(key, "v", "format-0:garbage");
        Function<String, Optional<String>> strict =
                value -> value.startsWith("1|") ? Optional.of(value.substring(2)) : Optional.empty();

        String value = cache.get(key, strict, v -> "1|" + v, () -> load("fresh"));

        assertThat(value).isEqualTo("fresh");
        assertThat(redis.opsForHash().get(key, "v")).isEqualTo("1|fresh");
    }

    @Test
    void readsTheDatabaseWhenRedisIsUnreachable() {
        LettuceConnectionFactory nowhere =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("localhost", 1));
        nowhere.afterPropertiesSet();
        CacheAside broken = new CacheAside(new StringRedisTemplate(nowhere), Duration.ofMinutes(1));
        try {
            assertThat(broken.get(key, AS_IS, v -> v, () -> load("db"))).isEqualTo("db");
        } finally {
            nowhere.destroy();
        }
    }

    @Test
    void retriesAFailedEvictionUntilRedisAnswersSoTheStaleEntryDoesNotSurvive() {
        cache.get(key, AS_IS, v -> v, () -> load("old"));
        AtomicInteger failures = new AtomicInteger(2);
        StringRedisTemplate flaky = new StringRedisTemplate(connections) {
            @Override
            public Boolean delete(String k) {
                if (failures.getAndDecrement() > 0) {
                    throw new RedisConnectionFailureException("Unable to connect to Redis");
                }
                return super.delete(k);
            }
        };
        flaky.afterPropertiesSet();
        CacheAside writer = new CacheAside(flaky, Duration.ofMinutes(5));

        writer.evict(key);

        await().atMost(Duration.ofSeconds(5)).until(() -> writer.pendingEvictions() == 0);
        assertThat(redis.hasKey(key)).isFalse();
        assertThat(cache.get(key, AS_IS, v -> v, () -> load("new"))).isEqualTo("new");
    }

    @Test
    void evictsAgainWhenAnotherEvictionOfTheKeyCameWhileItsRetryWasDeletingIt() throws Exception {
        CountDownLatch retrying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger deletes = new AtomicInteger();
        StringRedisTemplate flaky = new StringRedisTemplate(connections) {
            @Override
            public Boolean delete(String k) {
                int call = deletes.incrementAndGet();
                if (call == 1) {
                    throw new RedisConnectionFailureException("Unable to connect to Redis");
                }
                if (call == 2) {
                    retrying.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.delete(k);
            }
        };
        flaky.afterPropertiesSet();
        CacheAside writer = new CacheAside(flaky, Duration.ofMinutes(5));

        writer.evict(key); // fails: retried in the background
        assertThat(retrying.await(5, TimeUnit.SECONDS)).isTrue();
        // a later write commits while the retry is deleting; a reader may cache its old value in between
        writer.evict(key);
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> writer.pendingEvictions() == 0);
        assertThat(deletes).hasValue(3);
    }

    @Test
    void queuesEvictionsBehindAPendingOneInsteadOfWaitingForRedisOnTheCallersThread() {
        AtomicInteger deletes = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger(1);
        StringRedisTemplate flaky = new StringRedisTemplate(connections) {
            @Override
            public Boolean delete(String k) {
                deletes.incrementAndGet();
                if (failures.getAndDecrement() > 0) {
                    throw new RedisConnectionFailureException("Unable to connect to Redis");
                }
                return super.delete(k);
            }
        };
        flaky.afterPropertiesSet();
        CacheAside writer = new CacheAside(flaky, Duration.ofMinutes(5));
        String other = key + ":2";
        redis.opsForValue().set(other, "stale");

        writer.evict(key);
        writer.evict(other); // joins the pending one, not tried on this thread

        assertThat(deletes).hasValue(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.pendingEvictions() == 0);
        assertThat(redis.hasKey(other)).isFalse();
    }

    @Test
    void opensTheConnectionWhenAskedAtStartUpRatherThanAtFirstUse() {
        String name = "cache-it-" + UUID.randomUUID().toString().substring(0, 8);
        Infrastructure infrastructure = Infrastructure.get();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(infrastructure.redisHost(), infrastructure.redisPort()),
                LettuceClientConfiguration.builder().clientName(name).build());
        factory.afterPropertiesSet();
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            template.afterPropertiesSet();
            assertThat(clients()).doesNotContain("name=" + name + " ");

            assertThat(new CacheAside(template, Duration.ofMinutes(1)).connect(Duration.ofSeconds(5)))
                    .isTrue();

            assertThat(clients()).contains("name=" + name + " ");
        } finally {
            factory.destroy();
        }
    }

    @Test
    void givesUpConnectingWithinItsBoundWhenRedisIsUnreachable() {
        LettuceConnectionFactory nowhere =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("localhost", 1));
        nowhere.afterPropertiesSet();
        try {
            long start = System.nanoTime();
            boolean connected = new CacheAside(new StringRedisTemplate(nowhere), Duration.ofMinutes(1))
                    .connect(Duration.ofMillis(500));

            assertThat(connected).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            nowhere.destroy();
        }
    }

    private static String clients() {
        return redis.execute(
                connection -> {
                    Object list = connection.execute("CLIENT", "LIST".getBytes(StandardCharsets.US_ASCII));
                    return list instanceof byte[] bytes
                            ? new String(bytes, StandardCharsets.US_ASCII)
                            : list.toString();
                },
                true);
    }

    /** A counter of the cache {@code products}, with optional extra tag pairs. */
    private static double count(SimpleMeterRegistry registry, String name, String... tags) {
        return registry.get(name)
                .tag("cache", "products")
                .tags(tags)
                .functionCounter()
                .count();
    }

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }

    private static LettuceConnectionFactory connect() {
        Infrastructure infrastructure = Infrastructure.get();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(infrastructure.redisHost(), infrastructure.redisPort()));
        factory.afterPropertiesSet();
        return factory;
    }

    private static StringRedisTemplate template() {
        StringRedisTemplate template = new StringRedisTemplate(connections);
        template.afterPropertiesSet();
        return template;
    }
}
