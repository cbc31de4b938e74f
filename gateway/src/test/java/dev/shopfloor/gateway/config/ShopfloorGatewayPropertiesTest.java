package dev.shopfloor.gateway.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
                        new ShopfloorGatewayProperties.Strangler(0),
                        ShopfloorGatewayProperties.Cors.none()));
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
                new ShopfloorGatewayProperties.Strangler(0),
                ShopfloorGatewayProperties.Cors.none());
    }

    @Test
    void refusesAWildcardCorsOrigin() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ShopfloorGatewayProperties.Cors(List.of("*"), Duration.ofMinutes(1)))
                .withMessageContaining("allowed-origins");
    }
}
