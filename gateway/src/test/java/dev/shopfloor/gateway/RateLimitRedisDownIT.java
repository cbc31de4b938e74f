package dev.shopfloor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.Ports;
import dev.shopfloor.testing.RedisProcess;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.io.IOException;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's rate limits while their Redis goes away and comes back, on a Redis of this class's own (the JVM's
 * shared one stays up for the other classes), with the default policy: fail open. Reads have a bucket of 2.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "shopfloor.gateway.rate-limits.reads.replenish-rate=1",
            "shopfloor.gateway.rate-limits.reads.burst-capacity=2",
            "shopfloor.gateway.rate-limits.redis-reconnect-max-delay=200ms"
        })
@EmbeddedInfrastructure
@ExtendWith(OutputCaptureExtension.class)
class RateLimitRedisDownIT {

    /** What a request may take at most while Redis is down, generously above spring.data.redis.timeout (250 ms). */
    static final Duration BUDGET = Duration.ofSeconds(2);

    static final int redisPort = Ports.free();
    static RedisProcess redis = RedisProcess.start(redisPort, null, "16mb");
    static final BackendStub inventory = BackendStub.start("inventory-service");
    static final BackendStub other = BackendStub.start("other");
    static final String ALICE = AuthServerProcess.get().tokens().user("alice").accessToken();
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
        // A URL wins over the host and port that @EmbeddedInfrastructure sets for the shared Redis.
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + redisPort);
        registry.add("shopfloor.gateway.inventory-service-url", inventory::url);
        registry.add("shopfloor.gateway.order-service-url", other::url);
        registry.add("shopfloor.gateway.read-model-service-url", other::url);
        registry.add("shopfloor.gateway.payment-service-url", other::url);
        registry.add("shopfloor.gateway.saga-orchestrator-url", other::url);
    }

    @AfterAll
    static void stop() {
        redis.close();
        inventory.close();
        other.close();
    }

    @Test
    void letsRequestsPassWhileRedisIsDownAndLimitsThemAgainOnceItIsBack(CapturedOutput output) throws Exception {
        assertThat(firstRefusalWithin(Duration.ofSeconds(5)))
                .as("limits apply while Redis is up")
                .isTrue();
        assertThat(degradedGauge()).isZero();

        redis.close();
        Instant outage = Instant.now();
        for (int i = 0; i < 6 || Instant.now().isBefore(outage.plusSeconds(2)); i++) {
            Instant start = Instant.now();
            HttpResponse<String> response = get("/api/products/SKU-1");
            Duration took = Duration.between(start, Instant.now());

            assertThat(response.statusCode())
                    .as("request %d with Redis down", i)
                    .isEqualTo(200);
            assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("-1");
            assertThat(took).as("request %d with Redis down", i).isLessThan(BUDGET);
        }
        assertThat(degradedGauge()).isEqualTo(1);
        assertThat(occurrences(output.getOut(), "Redis does not answer the rate-limit checks"))
                .as("warnings about the outage")
                .isEqualTo(1);
        assertThat(output.getOut()).doesNotContain("Error calling rate limiter lua");

        // the strangler split is shared through the same Redis: a change it cannot store is refused, and changes
        // nothing
        HttpResponse<String> change = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/strangler"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"readModelPercent\":50}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(change.statusCode()).isEqualTo(503);
        assertThat(change.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(change.body()).get("detail").asString()).contains("nothing changed");
        assertThat(json.readTree(http.send(
                                        HttpRequest.newBuilder(URI.create(
                                                        "http://127.0.0.1:" + managementPort + "/actuator/strangler"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .get("readModelPercent")
                        .asInt())
                .isZero();

        redis = RedisProcess.start(redisPort, null, "16mb");

        assertThat(firstRefusalWithin(Duration.ofSeconds(15)))
                .as("limits apply again once Redis is back")
                .isTrue();
        assertThat(degradedGauge()).isZero();
        assertThat(output.getOut()).contains("Redis answers the rate-limit checks again");
    }

    /** Reads until one is refused with 429 (true), or the time is up (false). */
    private boolean firstRefusalWithin(Duration time) throws Exception {
        Instant deadline = Instant.now().plus(time);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get("/api/products/SKU-1");
            if (response.statusCode() == 429) {
                return true;
            }
            assertThat(response.statusCode()).isEqualTo(200);
            Thread.sleep(50);
        }
        return false;
    }

    private double degradedGauge() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + managementPort + "/actuator/metrics/gateway.ratelimit.degraded"))
                        .build(),
                BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body())
                .get("measurements")
                .get(0)
                .get("value")
                .asDouble();
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + ALICE)
                        .build(),
                BodyHandlers.ofString());
    }
}
