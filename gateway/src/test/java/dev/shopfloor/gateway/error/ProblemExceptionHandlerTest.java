package dev.shopfloor.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import dev.shopfloor.gateway.ratelimit.RateLimitExceeded;
import dev.shopfloor.gateway.ratelimit.RouteClass;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The last-resort handler for errors raised outside dispatching, e.g. in a web filter. */
class ProblemExceptionHandlerTest {

    final URI url = URI.create("http://localhost:8081");
    final ProblemExceptionHandler handler = new ProblemExceptionHandler(
            ServerCodecConfigurer.create(),
            new ShopfloorGatewayProperties(
                    url,
                    url,
                    url,
                    url,
                    url,
                    Duration.ofSeconds(7),
                    new ShopfloorGatewayProperties.Strangler(0, "strangler", java.time.Duration.ofSeconds(1)),
                    ShopfloorGatewayProperties.Cors.none(),
                    ShopfloorGatewayProperties.RateLimits.builtIn(),
                    ShopfloorGatewayProperties.Resilience.builtIn(),
                    DataSize.ofMegabytes(1)));

    @Test
    void writesAnUnavailableBackendAsProblemWithRetryAfter() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/orders"));
        exchange.getResponse().getHeaders().setContentType(MediaType.TEXT_HTML);

        handler.handle(exchange, new ConnectException("Connection refused")).block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("7");
        JsonNode body = JsonMapper.builder()
                .build()
                .readTree(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)));
        assertThat(body.path("type").asString()).isEqualTo("https://shopfloor.dev/problems/backend-unavailable");
        assertThat(body.path("status").asInt()).isEqualTo(503);
        assertThat(body.path("instance").asString()).isEqualTo("/api/orders");
    }

    @Test
    void writesARateLimitRefusalWithItsRateLimitHeaders() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/orders/1"));

        handler.handle(
                        exchange,
                        new RateLimitExceeded(
                                RouteClass.READS,
                                Duration.ofSeconds(2),
                                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Burst-Capacity", "3")))
                .block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(exchange.getResponse().getHeaders().getFirst("X-RateLimit-Remaining"))
                .isEqualTo("0");
        assertThat(exchange.getResponse().getHeaders().getFirst("X-RateLimit-Burst-Capacity"))
                .isEqualTo("3");
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void writesAFrameworkStatusWithoutRetryAfter() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/nowhere"));

        handler.handle(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND))
                .block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(exchange.getResponse().getHeaders().containsHeader("Retry-After"))
                .isFalse();
        assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
                .contains("\"type\":\"https://shopfloor.dev/problems/not-found\"");
    }

    @Test
    void passesTheErrorOnOnceTheResponseIsCommitted() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/orders/1"));
        exchange.getResponse().setComplete().block(Duration.ofSeconds(5));
        ConnectException error = new ConnectException("reset");

        assertThatThrownBy(() -> handler.handle(exchange, error).block(Duration.ofSeconds(5)))
                .hasCause(error);
    }
}
