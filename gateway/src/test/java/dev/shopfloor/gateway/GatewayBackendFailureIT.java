package dev.shopfloor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.gateway.BackendStub.Reply;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway in front of backends that fail: one that is stopped (nothing listens on its port) and one that takes
 * longer than the response timeout. Both are answered {@code 503} problem+json with {@code Retry-After}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@EmbeddedInfrastructure
class GatewayBackendFailureIT {

    static final String stoppedBackend = "http://127.0.0.1:" + portNobodyListensOn();
    static final BackendStub slowInventory = BackendStub.start("inventory-service");

    static final JsonMapper json = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("shopfloor.gateway.order-service-url", () -> stoppedBackend);
        registry.add("shopfloor.gateway.payment-service-url", () -> stoppedBackend);
        registry.add("shopfloor.gateway.saga-orchestrator-url", () -> stoppedBackend);
        registry.add("shopfloor.gateway.inventory-service-url", slowInventory::url);
        registry.add("spring.cloud.gateway.server.webflux.httpclient.response-timeout", () -> "1s");
    }

    @AfterAll
    static void stopBackends() {
        slowInventory.close();
    }

    @Test
    void answersServiceUnavailableWhenTheBackendIsStopped() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/orders"))
                .POST(BodyPublishers.ofString(
                        "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "k-1"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://shopfloor.dev/problems/backend-unavailable");
        assertThat(problem.path("title").asString()).isEqualTo("Backend unavailable");
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("detail").asString()).isEqualTo("order-service cannot be reached; retry later");
        assertThat(problem.path("backend").asString()).isEqualTo("order-service");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/orders");
    }

    @Test
    void answersServiceUnavailableWhenTheBackendDoesNotAnswerInTime() throws Exception {
        slowInventory.replyWith(
                new Reply(200, Map.of("Content-Type", "application/json"), "{}", Duration.ofSeconds(4)));

        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/products/SKU-1")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://shopfloor.dev/problems/backend-unavailable");
        assertThat(problem.path("detail").asString())
                .isEqualTo("inventory-service did not answer in time; retry later");
        assertThat(slowInventory.received()).hasSize(1);
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(
                request.timeout(Duration.ofSeconds(10))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .build(),
                BodyHandlers.ofString());
    }

    private static int portNobodyListensOn() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
