package dev.shopfloor.gateway.ratelimit;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.Bucket;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Wires the gateway's rate limits: Spring Cloud Gateway's {@link RedisRateLimiter} (this bean replaces the
 * auto-configured one) with one configuration per {@link RouteClass}, the {@link RateLimitFilter} in front of every
 * route, and the Redis client settings that keep a Redis outage cheap.
 *
 * <p>Redis is found through the standard {@code spring.data.redis.*} properties; {@code spring.data.redis.timeout}
 * bounds each check and {@code spring.data.redis.connect-timeout} each connection attempt. On top of that, while the
 * connection is known to be down, Lettuce refuses commands at once instead of queueing them until they time out (so a
 * request pays no extra latency, and no stale check runs when the connection comes back), and it retries the
 * connection with an exponential back-off capped at {@code shopfloor.gateway.rate-limits.redis-reconnect-max-delay}.
 * The gateway uses Redis for rate limits only, so these client settings concern nothing else.
 */
@Configuration(proxyBeanMethods = false)
class RateLimiting {

    @Bean
    RedisRateLimiter redisRateLimiter(
            ReactiveStringRedisTemplate redis,
            @Qualifier(RedisRateLimiter.REDIS_SCRIPT_NAME) RedisScript<List<Long>> tokenBucketScript,
            ConfigurationService configurationService,
            ShopfloorGatewayProperties properties) {
        RedisRateLimiter limiter = new RedisRateLimiter(redis, tokenBucketScript, configurationService);
        for (RouteClass routeClass : RouteClass.values()) {
            Bucket bucket = routeClass.bucket(properties.rateLimits());
            limiter.getConfig()
                    .put(
                            routeClass.id(),
                            new RedisRateLimiter.Config()
                                    .setReplenishRate(bucket.replenishRate())
                                    .setBurstCapacity(bucket.burstCapacity())
                                    .setRequestedTokens(bucket.requestedTokens()));
        }
        return limiter;
    }

    @Bean
    RateLimitHealth rateLimitHealth(ShopfloorGatewayProperties properties, MeterRegistry metrics) {
        return new RateLimitHealth(properties.rateLimits().whenRedisDown(), metrics);
    }

    @Bean
    RateLimitFilter rateLimitFilter(
            RedisRateLimiter redisRateLimiter,
            ShopfloorGatewayProperties properties,
            RateLimitHealth rateLimitHealth,
            MeterRegistry metrics) {
        return new RateLimitFilter(redisRateLimiter, properties.rateLimits(), rateLimitHealth, metrics);
    }

    @Bean
    LettuceClientOptionsBuilderCustomizer refuseRedisCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    ClientResourcesBuilderCustomizer boundedRedisReconnectDelay(ShopfloorGatewayProperties properties) {
        Duration max = properties.rateLimits().redisReconnectMaxDelay();
        return resources -> resources.reconnectDelay(Delay.exponential(Duration.ZERO, max, 2, TimeUnit.MILLISECONDS));
    }
}
