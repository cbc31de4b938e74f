package dev.shopfloor.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.RateLimits;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.WhenRedisDown;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class RateLimitFilterTest {

    @Test
    void passesEveryRequestWithoutAskingRedisWhenSwitchedOff() {
        RedisRateLimiter limiter = mock(RedisRateLimiter.class);
        when(limiter.isIncludeHeaders()).thenReturn(true);
        RateLimits off = new RateLimits(false, WhenRedisDown.FAIL_OPEN, Duration.ofSeconds(1), null, null, null);
        RateLimitFilter filter = new RateLimitFilter(
                limiter,
                off,
                new RateLimitHealth(WhenRedisDown.FAIL_OPEN, new SimpleMeterRegistry()),
                new SimpleMeterRegistry());
        AtomicBoolean passed = new AtomicBoolean();

        filter.filter(
                        MockServerWebExchange.from(MockServerHttpRequest.get("/api/products/SKU-1")),
                        exchange -> Mono.fromRunnable(() -> passed.set(true)))
                .block();

        assertThat(passed).isTrue();
        verify(limiter).isIncludeHeaders();
        verifyNoMoreInteractions(limiter);
    }
}
