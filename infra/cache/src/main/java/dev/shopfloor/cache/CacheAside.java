package dev.shopfloor.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Cache-aside over Redis where a reader that loaded an old value can never put it back after a newer write evicted
 * it, however the reader and the writer interleave.
 *
 * <p>Each entry is a Redis hash {@code {t: token, v: value}}. A reader on a miss first makes sure the entry has a
 * random token and remembers it, then loads from the database, then stores its value only if the entry still has
 * that token (one Lua script, atomic). A writer evicts by deleting the whole entry after its transaction committed.
 * So any value stored was loaded after its token was read, and no eviction happened since: a write that committed
 * before the load is in the value, one that committed after it deleted the token first, and the put fails. Tokens are
 * random (never reused), so an entry that Redis dropped (LRU, TTL) and another reader recreated does not match an old
 * token either.
 *
 * <p>Used by inventory-service (products) and read-model-service (order views).
 *
 * <p>Failure modes: Redis down or slow, or an entry that cannot be read (an older format): the read goes to the
 * database as on a miss, never fails; the unreadable entry is deleted. An eviction that fails is retried in the
 * background (first after {@value #FIRST_RETRY_MS} ms, then with doubling waits up to {@value #MAX_RETRY_MS} ms) until
 * Redis answers, so a stale entry cannot outlive a Redis failure; while evictions are pending, new ones join them at
 * once instead of waiting for Redis' timeout on the caller's thread. The connection opens lazily at first use unless
 * {@link #connect} opened it: call that at start-up, so the first use does not pay (or fail) the connect.
 *
 * <p>It counts its hits, misses, puts and evictions; {@link CacheAsideMetrics} exports them under Micrometer's cache
 * names ({@code cache.gets}, {@code cache.puts}, {@code cache.evictions}).
 */
public final class CacheAside {

    private static final Logger log = LoggerFactory.getLogger(CacheAside.class);

    // Returns {1, value} on a hit, {0, token} on a miss (creating the token if the entry had none).
    private static final RedisScript<List> BEGIN = RedisScript.of("""
            local e = redis.call('HMGET', KEYS[1], 't', 'v')
            if e[2] then return {1, e[2]} end
            local t = e[1]
            if not t then
              t = ARGV[1]
              redis.call('HSET', KEYS[1], 't', t)
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return {0, t}
            """, List.class);

    // Stores the value only while the entry still carries the reader's token.
    private static final RedisScript<Long> PUT = RedisScript.of("""
            if redis.call('HGET', KEYS[1], 't') == ARGV[1] then
              redis.call('HSET', KEYS[1], 'v', ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              return 1
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Duration ttl;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    static final long FIRST_RETRY_MS = 100;
    static final long MAX_RETRY_MS = 5_000;

    // Keys whose eviction failed (or came while others were pending), each with the number of its latest request: a
    // retry removes a key only if no newer request for it came in meanwhile, so that request's eviction is not lost.
    private final Map<String, Long> pendingEvictions = new ConcurrentHashMap<>();
    private final AtomicLong evictionRequests = new AtomicLong();
    private final Object retryLock = new Object();
    // Guarded by retryLock.
    private ScheduledExecutorService retries;
    private boolean retryScheduled;

    /** @param ttl how long an entry lives after it was stored (also bounds a token left by a crashed reader) */
    public CacheAside(StringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /**
     * The value at {@code key}: from the cache, or on a miss from {@code loader}, stored for later readers.
     *
     * @param decode reads a cached value; empty (or an exception) means unreadable, counted as a miss
     * @param encode writes a loaded value for the cache
     * @param loader reads the database; its exceptions (e.g. not found) pass through and nothing is cached
     */
    public <T> T get(String key, Function<String, Optional<T>> decode, Function<T, String> encode, Supplier<T> loader) {
        String token = null;
        try {
            List<?> entry = begin(key);
            if (entry.get(0) instanceof Long hit && hit == 1) {
                Optional<T> cached = decodeQuietly(decode, (String) entry.get(1));
                if (cached.isPresent()) {
                    hits.increment();
                    return cached.get();
                }
                evict(key);
                entry = begin(key);
            }
            token = entry.get(0) instanceof Long hit && hit == 0 ? (String) entry.get(1) : null;
        } catch (RuntimeException e) {
            log.debug("cache read of {} failed, reading the database", key, e);
        }
        misses.increment();
        T loaded = loader.get();
        if (token != null && loaded != null) {
            put(key, token, encode.apply(loaded));
        }
        return loaded;
    }

    /**
     * Opens the Redis connection and checks it answers ({@code PING}), trying again until {@code within} has passed.
     * Call it at start-up: the connection opens lazily otherwise, and the first command then pays the connect (Lettuce
     * bounds the whole connect by the command timeout, so a connect on a busy machine can fail with "Unable to connect
     * to Redis"). Never throws.
     *
     * @return true when Redis answered; false when it did not within {@code within} (the cache then works as when
     *     Redis fails: reads go to the database, evictions are retried)
     */
    public boolean connect(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                String pong = redis.execute(connection -> connection.ping(), true);
                if ("PONG".equalsIgnoreCase(pong)) {
                    return true;
                }
                log.warn("Redis answered {} to PING", pong);
            } catch (RuntimeException e) {
                if (System.nanoTime() >= deadline) {
                    log.warn("Redis did not answer in {} ({} attempts): {}", within, attempt, e.getMessage());
                    return false;
                }
                log.info("Redis not reached yet (attempt {}): {}", attempt, e.getMessage());
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(Math.min(FIRST_RETRY_MS * attempt, 1_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Removes the entry; call after the transaction that changed the value committed. Never throws. When Redis fails,
     * or evictions of earlier failures are still pending, the key is evicted in the background as soon as Redis
     * answers again ({@link #pendingEvictions()}).
     */
    public void evict(String key) {
        if (!pendingEvictions.isEmpty()) {
            retryLater(key);
            return;
        }
        try {
            delete(key);
        } catch (RuntimeException e) {
            log.warn("cache eviction of {} failed ({}); retrying in the background", key, e.getMessage());
            retryLater(key);
        }
    }

    /** Evictions that failed and wait for their retry. */
    public int pendingEvictions() {
        return pendingEvictions.size();
    }

    private void delete(String key) {
        if (Boolean.TRUE.equals(redis.delete(key))) {
            evictions.increment();
        }
    }

    private void retryLater(String key) {
        pendingEvictions.put(key, evictionRequests.incrementAndGet());
        synchronized (retryLock) {
            if (!retryScheduled) {
                retryScheduled = true;
                schedule(FIRST_RETRY_MS);
            }
        }
    }

    private void schedule(long delayMs) {
        if (retries == null) {
            retries = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("cache-eviction-retry").daemon().factory());
        }
        retries.schedule(() -> retryPending(delayMs), delayMs, TimeUnit.MILLISECONDS);
    }

    private void retryPending(long delayMs) {
        for (Map.Entry<String, Long> pending : List.copyOf(pendingEvictions.entrySet())) {
            try {
                delete(pending.getKey());
                pendingEvictions.remove(pending.getKey(), pending.getValue());
            } catch (RuntimeException e) {
                log.debug("cache eviction of {} failed again: {}", pending.getKey(), e.getMessage());
                break; // Redis still fails: wait before trying the others
            }
        }
        synchronized (retryLock) {
            if (pendingEvictions.isEmpty()) {
                retryScheduled = false;
                log.info("pending cache evictions done");
            } else {
                schedule(Math.min(delayMs * 2, MAX_RETRY_MS));
            }
        }
    }

    /**
     * Second phase of a read on a miss: stores {@code value} if the entry still has {@code token}. Public so that a
     * service's test can put a write between the two phases (the delayed-reader race); callers use {@code get}.
     *
     * @return false when an eviction came in between (nothing stored) or Redis failed
     */
    public boolean put(String key, String token, String value) {
        try {
            Long stored = redis.execute(PUT, List.of(key), token, value, Long.toString(ttl.toMillis()));
            if (stored != null && stored == 1) {
                puts.increment();
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            log.debug("cache write of {} failed", key, e);
            return false;
        }
    }

    /**
     * First phase of a read: {@code [1, value]} on a hit, or {@code [0, token]} on a miss, where the token is what
     * {@link #put} must still find. Public for the same tests as {@link #put}.
     *
     * @throws IllegalStateException when Redis answers something else
     */
    public List<?> begin(String key) {
        List<?> entry = redis.execute(BEGIN, List.of(key), UUID.randomUUID().toString(), Long.toString(ttl.toMillis()));
        if (entry == null || entry.size() != 2) {
            throw new IllegalStateException("unexpected cache answer " + entry);
        }
        return entry;
    }

    /** Reads answered from the cache: a readable value was there. */
    long hits() {
        return hits.sum();
    }

    /** Reads answered by the loader: no entry, an unreadable one, or Redis failed. */
    long misses() {
        return misses.sum();
    }

    /** Values stored (second phase of a miss that no eviction overtook). */
    long puts() {
        return puts.sum();
    }

    /** Entries removed by {@link #evict} (after a write, or because they were unreadable); a miss removes nothing. */
    long evictions() {
        return evictions.sum();
    }

    private static <T> Optional<T> decodeQuietly(Function<String, Optional<T>> decode, String value) {
        try {
            return decode.apply(value);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
