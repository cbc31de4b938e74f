package dev.shopfloor.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.Breaker;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.Bucket;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.RateLimits;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.WhenRedisDown;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

class ShopfloorGatewayPropertiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8081", "http://order-service:8080/", "https://orders.example.com"})
    void acceptsBaseUrls(String url) {
        assertThatCode(() -> withOrderServiceUrl(url)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:8081/api",
                "http://localhost:8081?x=1",
                "ftp://localhost:8081",
                "localhost:8081"
            })
    void refusesUrlsWhosePathOrSchemeTheGatewayWouldIgnore(String url) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withOrderServiceUrl(url))
                .withMessageContaining("shopfloor.gateway.order-service-url");
    }

    @Test
    void refusesARetryAfterBelowOneSecond() {
        URI url = URI.create("http://localhost:8081");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ShopfloorGatewayProperties(
                        url,
                        url,
                        url,
                        url,
                        url,
                        Duration.ofMillis(500),
                        new ShopfloorGatewayProperties.Strangler(0, "strangler", java.time.Duration.ofSeconds(1)),
                        ShopfloorGatewayProperties.Cors.none(),
                        ShopfloorGatewayProperties.RateLimits.builtIn(),
                        ShopfloorGatewayProperties.Resilience.builtIn(),
                        DataSize.ofMegabytes(1)));
    }

    private static ShopfloorGatewayProperties withOrderServiceUrl(String url) {
        URI other = URI.create("http://localhost:8082");
        return new ShopfloorGatewayProperties(
                URI.create(url),
                other,
                other,
                other,
                other,
                Duration.ofSeconds(5),
                new ShopfloorGatewayProperties.Strangler(0, "strangler", java.time.Duration.ofSeconds(1)),
                ShopfloorGatewayProperties.Cors.none(),
                ShopfloorGatewayProperties.RateLimits.builtIn(),
                ShopfloorGatewayProperties.Resilience.builtIn(),
                DataSize.ofMegabytes(1));
    }

    @Test
    void refusesAWildcardCorsOrigin() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ShopfloorGatewayProperties.Cors(List.of("*"), Duration.ofMinutes(1)))
                .withMessageContaining("allowed-origins");
    }

    @Test
    void givesEachRouteClassItsOwnBuiltInLimitsAndFailsOpen() {
        RateLimits limits = RateLimits.builtIn();

        assertThat(limits.whenRedisDown()).isEqualTo(WhenRedisDown.FAIL_OPEN);
        assertThat(limits.placement()).isEqualTo(new Bucket(20, 50, 1));
        assertThat(limits.reads()).isEqualTo(new Bucket(100, 200, 1));
        assertThat(limits.writes()).isEqualTo(new Bucket(20, 50, 1));
    }

    @Test
    void refusesABucketThatCouldNeverGrantARequestOrRefill() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Bucket(0, 10, 1))
                .withMessageContaining("replenish-rate");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Bucket(10, 5, 1))
                .withMessageContaining("burst-capacity");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Bucket(1, 5, 6))
                .withMessageContaining("requested-tokens");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Bucket(1, 5, 0))
                .withMessageContaining("requested-tokens");
    }

    @Test
    void refusesABreakerThatCouldNotJudgeOrWouldNeverWait() {
        Duration second = Duration.ofSeconds(1);
        assertThatIllegalArgumentException().isThrownBy(() -> new Breaker(second, 0, 1, 50, second, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Breaker(second, 4, 4, 0, second, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Breaker(second, 4, 4, 101, second, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Breaker(Duration.ZERO, 4, 4, 50, second, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Breaker(second, 4, 4, 50, Duration.ZERO, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Breaker(second, 4, 4, 50, second, 0));
    }

    @Test
    void usesABackendsOwnBreakerSettingsElseTheDefaults() {
        Breaker own = new Breaker(Duration.ofSeconds(2), 4, 4, 50, Duration.ofSeconds(1), 1);
        ShopfloorGatewayProperties.Resilience resilience =
                new ShopfloorGatewayProperties.Resilience(Breaker.builtIn(), Map.of("read-model-service", own));

        assertThat(resilience.forBackend("read-model-service")).isEqualTo(own);
        assertThat(resilience.forBackend("order-service")).isEqualTo(Breaker.builtIn());
    }
}
