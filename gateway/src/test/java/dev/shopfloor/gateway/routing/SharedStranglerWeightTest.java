package dev.shopfloor.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ReactiveValueOperations;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What an instance does with the shared split when Redis fails (the Redis-up cases run in StranglerRoutingIT). */
class SharedStranglerWeightTest {

    final StranglerWeights weights = new StranglerWeights(30);
    final ReactiveStringRedisTemplate redis = mock(ReactiveStringRedisTemplate.class);

    @SuppressWarnings("unchecked")
    final ReactiveValueOperations<String, String> values = mock(ReactiveValueOperations.class);

    final SharedStranglerWeight shared = new SharedStranglerWeight(
            weights, redis, new ShopfloorGatewayProperties.Strangler(30, "split", Duration.ofSeconds(1)));

    @Test
    void refusesAChangeRedisCannotStoreAndKeepsTheOldSplit() {
        when(redis.execute(any(RedisScript.class), anyList(), anyList()))
                .thenReturn(Flux.error(new RedisConnectionFailureException("Redis is down")));

        assertThatThrownBy(() -> shared.change(60)).isInstanceOf(IllegalStateException.class);

        assertThat(weights.readModelPercent()).isEqualTo(30);
    }

    @Test
    void keepsItsSplitWhileRedisCannotBeRead() {
        when(redis.opsForValue()).thenReturn(values);
        when(values.get(anyString())).thenReturn(Mono.error(new RedisConnectionFailureException("Redis is down")));

        shared.sync();

        assertThat(weights.readModelPercent()).isEqualTo(30);
    }

    @Test
    void ignoresASharedValueThatIsNoShare() {
        when(redis.opsForValue()).thenReturn(values);
        when(values.get(anyString())).thenReturn(Mono.just("ninety"), Mono.just("250"));

        shared.sync();
        shared.sync();

        assertThat(weights.readModelPercent()).isEqualTo(30);
    }
}
