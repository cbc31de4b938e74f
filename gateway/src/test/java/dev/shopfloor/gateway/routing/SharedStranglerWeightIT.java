package dev.shopfloor.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import dev.shopfloor.testing.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The shared split's write against real Redis: Redis itself refuses a write that reaches it after its deadline. */
class SharedStranglerWeightIT {

    final LettuceConnectionFactory connections = connect();
    final ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connections);
    final String key = "test:" + UUID.randomUUID() + ":strangler";
    final StranglerWeights weights = new StranglerWeights(10);
    final SharedStranglerWeight shared = new SharedStranglerWeight(
            weights, redis, new ShopfloorGatewayProperties.Strangler(10, key, Duration.ofSeconds(1)));

    @AfterEach
    void close() {
        connections.destroy();
    }

    @Test
    void aWriteRedisRunsBeforeItsDeadlineIsStored() {
        assertThat(shared.store(40, Instant.now().plusSeconds(5))).isTrue();

        assertThat(redis.opsForValue().get(key).block(Duration.ofSeconds(2))).isEqualTo("40");
    }

    /** What a change waiting in the connection while Redis hung does when Redis runs it at last: nothing. */
    @Test
    void aWriteRedisRunsAfterItsDeadlineChangesNothing() {
        shared.change(30);

        assertThat(shared.store(80, Instant.now().minusSeconds(1))).isFalse();

        assertThat(redis.opsForValue().get(key).block(Duration.ofSeconds(2))).isEqualTo("30");
        assertThat(weights.readModelPercent()).isEqualTo(30);
    }

    private static LettuceConnectionFactory connect() {
        Infrastructure infrastructure = Infrastructure.get();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(infrastructure.redisHost(), infrastructure.redisPort()));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
