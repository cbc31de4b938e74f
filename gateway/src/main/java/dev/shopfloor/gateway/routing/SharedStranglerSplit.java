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
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Keeps the strangler's split the same on every gateway instance of a deployment: the share set at run time lives in
 * Redis ({@code shopfloor.gateway.strangler.redis-key}), and each instance copies it into its {@link StranglerWeights}
 * every {@code sync-interval}. A caller therefore lands on the same side whichever instance serves it, at most one
 * interval after a change.
 *
 * <p>Redis here is a cache (LRU, no persistence), so it may lose the key: the next instance to sync writes its own
 * share back ({@code SET NX}); all instances hold the same one by then. A value that is no share (written by hand) is
 * replaced the same way. While Redis does not answer, each instance
 * keeps the last share it read and a change is refused ({@link #change} throws {@link NotShared}): a change that
 * reached one instance only would split callers by instance. A refused change never takes effect later either: the
 * write carries a deadline that Redis checks against its own clock, so one that waited in the connection while Redis
 * hung is dropped. With no key at all (a fresh Redis, no change yet) the configured {@code read-model-percent} holds.
 *
 * <p>It talks to Redis over a connection of its own, from its own thread and the admin endpoint's, never over the
 * connection the rate limiter uses on the request path: a slow or failing call here cannot hold up a request.
 */
public final class SharedStranglerSplit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SharedStranglerSplit.class);

    /** How long one Redis command may take (connect included); also how long a change waits for Redis. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    // SET key share, only while Redis' clock is not past the deadline (ms since the epoch); 1 when set.
    private static final RedisScript<Long> SET_BEFORE_DEADLINE = RedisScript.of("""
            local now = redis.call('TIME')
            if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > tonumber(ARGV[2]) then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1])
            return 1
            """, Long.class);

    // SET key to ARGV[2] only while it still holds ARGV[1]; 1 when set.
    private static final RedisScript<Long> REPLACE_IF_EQUAL = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """, Long.class);

    private final StranglerWeights weights;
    private final String key;
    private final Duration interval;
    private final LettuceConnectionFactory connections;
    private final StringRedisTemplate redis;
    // Guarded by this.
    private ScheduledExecutorService timer;

    /**
     * @param application the application's Redis connection factory: its server, database and credentials are used,
     *     not its connection
     */
    public SharedStranglerSplit(
            StranglerWeights weights,
            LettuceConnectionFactory application,
            ShopfloorGatewayProperties.Strangler settings) {
        this.weights = weights;
        this.key = settings.redisKey();
        this.interval = settings.syncInterval();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client =
                LettuceClientConfiguration.builder().commandTimeout(TIMEOUT);
        if (application.isUseSsl()) {
            client.useSsl();
        }
        this.connections = new LettuceConnectionFactory(application.getStandaloneConfiguration(), client.build());
        this.connections.afterPropertiesSet();
        this.redis = new StringRedisTemplate(connections);
    }

    /** Thrown by {@link #change} when Redis cannot store the share: nothing changed, on any instance. */
    public static final class NotShared extends RuntimeException {
        NotShared(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Sets the share of callers served by read-model-service on every instance: stored in Redis, then applied here
     * (the other instances apply it at their next sync).
     *
     * @param percent 0-100
     * @throws IllegalArgumentException when the share is not 0-100 (nothing changes)
     * @throws NotShared when Redis does not store it within {@link #TIMEOUT} (nothing changes)
     */
    /**
     * A share as text: a whole number in ASCII digits, optionally signed and surrounded by spaces.
     *
     * @throws IllegalArgumentException naming the value when it is anything else (range is checked apart)
     */
    static int wholePercent(String value) {
        String digits = value.strip();
        if (!digits.matches("[+-]?[0-9]{1,9}")) {
            String shown = value.length() > 20 ? value.substring(0, 20) + "..." : value;
            throw new IllegalArgumentException("readModelPercent must be a whole number 0-100, was '" + shown + "'");
        }
        return Integer.parseInt(digits);
    }

    public void change(int percent) {
        StranglerWeights.check(percent);
        Long stored;
        try {
            // Redis must run the write before the deadline, early enough that its answer still reaches us in time.
            Instant deadline = Instant.now().plus(TIMEOUT.dividedBy(2));
            stored = redis.execute(
                    SET_BEFORE_DEADLINE,
                    List.of(key),
                    Integer.toString(percent),
                    Long.toString(deadline.toEpochMilli()));
        } catch (RuntimeException e) {
            throw new NotShared("the split is shared through Redis, which cannot store it now; nothing changed", e);
        }
        if (stored == null || stored != 1) {
            throw new NotShared(
                    "the split is shared through Redis, which did not store it in time; nothing changed", null);
        }
        weights.readModelPercent(percent);
        log.info("Strangler split set to {} % read-model-service (shared through Redis)", percent);
    }

    /** Reads the shared share into this instance, or writes this instance's back when Redis has none. Never throws. */
    void sync() {
        try {
            String shared = redis.opsForValue().get(key);
            if (shared == null) {
                redis.opsForValue().setIfAbsent(key, Integer.toString(weights.readModelPercent()));
                return;
            }
            int percent;
            try {
                percent = StranglerWeights.check(wholePercent(shared));
            } catch (IllegalArgumentException e) {
                // not a share (written by hand, or by something else): replaced by this instance's, as a lost key is,
                // unless another instance replaced it first; all instances then follow the one share again
                redis.execute(REPLACE_IF_EQUAL, List.of(key), shared, Integer.toString(weights.readModelPercent()));
                log.warn("replaced the strangler split in Redis key {}, which was no share: {}", key, e.getMessage());
                return;
            }
            if (percent != weights.readModelPercent()) {
                weights.readModelPercent(percent);
                log.info("Strangler split now {} % read-model-service (shared through Redis)", percent);
            }
        } catch (RuntimeException e) {
            log.debug("cannot read the shared strangler split; keeping {} %", weights.readModelPercent(), e);
        }
    }

    @Override
    public synchronized void start() {
        connections.start();
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
        connections.stop();
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
