package dev.shopfloor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.Ports;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The rate limits configured to fail closed, with no Redis to be found: every request is refused, none forwarded. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "shopfloor.gateway.rate-limits.when-redis-down=fail-closed"})
@EmbeddedInfrastructure
@ExtendWith(OutputCaptureExtension.class)
class RateLimitFailClosedIT {

    static final int nobodyListens = Ports.free();
    static final BackendStub backend = BackendStub.start("any");
    static final JsonMapper json = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void redisAndBackends(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + nobodyListens);
        for (String service : new String[] {
            "order-service", "payment-service", "inventory-service", "saga-orchestrator", "read-model-service"
        }) {
            registry.add("shopfloor.gateway." + service + "-url", backend::url);
        }
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void refusesRequestsWhoseRateCannotBeCheckedWithServiceUnavailable(CapturedOutput output) throws Exception {
        // The first request also fetches the issuer's keys and warms the gateway up; it is not timed.
        assertThat(get().statusCode()).isEqualTo(503);
        for (int i = 0; i < 3; i++) {
            Instant start = Instant.now();
            HttpResponse<String> response = get();

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(2));
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.path("type").asString())
                    .isEqualTo("https://shopfloor.dev/problems/rate-limit-unavailable");
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.path("routeClass").asString()).isEqualTo("reads");
        }
        assertThat(backend.received()).isEmpty();
        assertThat(output.getOut()).doesNotContain("Error calling rate limiter lua");
        HttpResponse<String> gauge = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + managementPort + "/actuator/metrics/gateway.ratelimit.degraded"))
                        .build(),
                BodyHandlers.ofString());
        assertThat(json.readTree(gauge.body())
                        .get("measurements")
                        .get(0)
                        .get("value")
                        .asDouble())
                .isEqualTo(1);
    }

    private HttpResponse<String> get() throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/products/SKU-1"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .build(),
                BodyHandlers.ofString());
    }
}
