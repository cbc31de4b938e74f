package dev.shopfloor.gateway.ratelimit;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.WhenRedisDown;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the gateway can check rate limits right now, judged by the outcome of the latest check: degraded from the
 * first check that Redis did not answer until the next one it does. Exported as the gauge {@code
 * gateway.ratelimit.degraded} (1 while degraded, else 0), and logged once per change: a warning when rate limiting
 * becomes degraded, an info line when it recovers, never a line per request. Thread-safe.
 */
final class RateLimitHealth {

    static final String DEGRADED_GAUGE = "gateway.ratelimit.degraded";

    private static final Logger log = LoggerFactory.getLogger(RateLimitHealth.class);

    private final AtomicBoolean degraded = new AtomicBoolean();
    private final WhenRedisDown policy;

    RateLimitHealth(WhenRedisDown policy, MeterRegistry metrics) {
        this.policy = policy;
        Gauge.builder(DEGRADED_GAUGE, degraded, flag -> flag.get() ? 1 : 0)
                .description("1 while Redis does not answer the gateway's rate-limit checks, else 0")
                .register(metrics);
    }

    /** A check that Redis answered. */
    void checked() {
        if (degraded.compareAndSet(true, false)) {
            log.info("Redis answers the rate-limit checks again: rate limits are enforced again");
        }
    }

    /** A check that Redis did not answer (down, unreachable, or slower than spring.data.redis.timeout). */
    void unchecked() {
        if (degraded.compareAndSet(false, true)) {
            log.warn(
                    "Redis does not answer the rate-limit checks (down, unreachable or slower than"
                            + " spring.data.redis.timeout): {} until it does",
                    policy == WhenRedisDown.FAIL_OPEN
                            ? "requests pass unchecked (fail-open)"
                            : "requests are refused with 503 (fail-closed)");
        }
    }

    boolean degraded() {
        return degraded.get();
    }
}
