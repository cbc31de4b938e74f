package dev.shopfloor.gateway.routing;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Keeps the strangler's split the same on every gateway instance: the share set at run time lives in Redis
 * ({@code shopfloor.gateway.strangler.redis-key}), and each instance copies it into its {@link StranglerWeights}
 * every {@code sync-interval}. A caller therefore lands on the same side whichever instance serves it, a moment after a
 * change at the latest.
 *
 * <p>Redis here is a cache (LRU, no persistence), so it may lose the key: the next instance to sync then writes its own
 * share back ({@code SET NX}); all instances hold the same one by then. While Redis is down each instance keeps the
 * last share it read, and a change is refused ({@link #change}); a refused change never takes effect later (the write
 * carries a deadline that Redis checks), so instances never disagree because of an outage.
 * With no key at all (a fresh Redis and no change yet) the configured {@code read-model-percent} holds.
 */
public final class SharedStranglerWeight implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SharedStranglerWeight.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    // Redis must have run the write this long before the caller stops waiting, so its answer can still arrive.
    private static final Duration REPLY_MARGIN = Duration.ofMillis(500);

    // SET key share, only while Redis' clock is not past the deadline (ms since the epoch); 1 when set.
    private static final RedisScript<Long> SET_BEFORE_DEADLINE = RedisScript.of("""
            local now = redis.call('TIME')
            if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > tonumber(ARGV[2]) then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1])
            return 1
            """, Long.class);

    private final StranglerWeights weights;
    private final ReactiveStringRedisTemplate redis;
    private final String key;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public SharedStranglerWeight(
            StranglerWeights weights,
            ReactiveStringRedisTemplate redis,
            ShopfloorGatewayProperties.Strangler settings) {
        this.weights = weights;
        this.redis = redis;
        this.key = settings.redisKey();
        this.interval = settings.syncInterval();
    }

    /**
     * Sets the share of callers served by read-model-service on every instance: stored in Redis, then applied here.
     *
     * @param percent 0-100
     * @throws IllegalArgumentException when the share is not 0-100 (nothing changes)
     * @throws IllegalStateException when Redis cannot store it (nothing changes)
     */
    public void change(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("readModelPercent must be 0-100, was " + percent);
        }
        boolean stored;
        try {
            stored = store(percent, Instant.now().plus(TIMEOUT).minus(REPLY_MARGIN));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the split is shared through Redis, which cannot store it now", e);
        }
        if (!stored) {
            throw new IllegalStateException("the split is shared through Redis, which did not store it in time");
        }
        weights.readModelPercent(percent);
    }

    /**
     * Writes the share into Redis unless Redis runs the write after {@code deadline} (by its own clock,
     * {@code TIME}): a write that waited in the connection while Redis hung, and whose caller was told 503 meanwhile,
     * never takes effect later.
     *
     * @return whether Redis stored it
     */
    boolean store(int percent, Instant deadline) {
        Long stored = redis.execute(
                        SET_BEFORE_DEADLINE,
                        List.of(key),
                        List.of(Integer.toString(percent), Long.toString(deadline.toEpochMilli())))
                .next()
                .block(TIMEOUT);
        return stored != null && stored == 1;
    }

    /** Reads the shared share into this instance, or writes this instance's back when Redis has none. Never throws. */
    void sync() {
        try {
            String shared = redis.opsForValue().get(key).block(TIMEOUT);
            if (shared == null) {
                redis.opsForValue()
                        .setIfAbsent(key, Integer.toString(weights.readModelPercent()))
                        .block(TIMEOUT);
                return;
            }
            int percent = Integer.parseInt(shared.strip());
            if (percent != weights.readModelPercent()) {
                weights.readModelPercent(percent);
                log.info("Strangler split now {} % read-model-service (shared through Redis)", percent);
            }
        } catch (NumberFormatException e) {
            log.warn("ignoring strangler split in Redis key {}: not a number", key);
        } catch (IllegalArgumentException e) {
            log.warn("ignoring strangler split in Redis key {}: {}", key, e.getMessage());
        } catch (RuntimeException e) {
            log.debug("cannot read the shared strangler split; keeping {} %", weights.readModelPercent(), e);
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("strangler-sync").daemon().factory());
        timer.scheduleWithFixedDelay(this::sync, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
