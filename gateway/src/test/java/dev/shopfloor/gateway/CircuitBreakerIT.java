package dev.shopfloor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.gateway.BackendStub.Reply;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-backend circuit breakers and time limits in front of stub backends, with small settings: a window of the last 4
 * calls, judged from 4 calls on, open at 50 % failures for 1 s, one trial call, a 1 s time limit. Each test drives a
 * backend of its own, so the breakers (one per backend) do not meet.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "shopfloor.gateway.resilience.defaults.timeout=1s",
            "shopfloor.gateway.resilience.defaults.sliding-window=4",
            "shopfloor.gateway.resilience.defaults.minimum-calls=4",
            "shopfloor.gateway.resilience.defaults.failure-rate-threshold=50",
            "shopfloor.gateway.resilience.defaults.open-wait=1s",
            "shopfloor.gateway.resilience.defaults.half-open-calls=1",
            "shopfloor.gateway.rate-limits.reads.replenish-rate=10000",
            "shopfloor.gateway.rate-limits.reads.burst-capacity=10000"
        })
@EmbeddedInfrastructure
class CircuitBreakerIT {

    static final StubBackends backends = StubBackends.start();
    static final BackendStub orders = backends.orders();
    static final BackendStub readModel = backends.readModel();
    static final BackendStub inventory = backends.inventory();
    static final BackendStub payments = backends.payments();
    static final BackendStub sagas = backends.sagas();
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
    static void backends(DynamicPropertyRegistry registry) {
        backends.register(registry);
    }

    @BeforeEach
    void resetBackends() {
        backends.reset();
    }

    @AfterAll
    static void stopBackends() {
        backends.close();
    }

    @Test
    void opensOnServerErrorsPassingEachOneThroughThenAnswersAtOnceWithoutCallingAndClosesWhenHealthy()
            throws Exception {
        String failure = "{\"error\":\"inventory database down\"}";
        inventory.replyWith(new Reply(500, Map.of("Content-Type", "application/json"), failure, Duration.ZERO));
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = get("/api/products/SKU-1");

            assertThat(response.statusCode()).as("call %d", i).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.body()).isEqualTo(failure);
        }
        assertThat(inventory.received()).hasSize(4);

        Instant start = Instant.now();
        HttpResponse<String> refused = get("/api/products/SKU-1");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(1));
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://shopfloor.dev/problems/circuit-open");
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("backend").asString()).isEqualTo("inventory-service");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/products/SKU-1");
        assertThat(inventory.received()).as("calls reaching the backend").hasSize(4);
        assertThat(breakerState("inventory-service")).isEqualTo("open");

        inventory.reset();
        Thread.sleep(Duration.ofMillis(1_200));
        HttpResponse<String> trial = get("/api/products/SKU-1");
        HttpResponse<String> after = get("/api/products/SKU-1");

        assertThat(trial.statusCode()).isEqualTo(200);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(inventory.received()).hasSize(2);
        assertThat(breakerState("inventory-service")).isEqualTo("closed");
    }

    @Test
    void neverOpensOnClientErrorsAndPassesEachOneThroughUnchanged() throws Exception {
        String problem = "{\"type\":\"https://shopfloor.dev/problems/validation\",\"status\":400,\"detail\":\"bad\"}";
        payments.replyWith(new Reply(400, Map.of("Content-Type", "application/problem+json"), problem, Duration.ZERO));

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/customers/c-1/account"))
                    .PUT(BodyPublishers.ofString("{\"creditLimit\":{}}"))
                    .header("Content-Type", "application/json"));

            assertThat(response.statusCode()).as("call %d", i).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).isEqualTo(problem);
        }

        assertThat(payments.received()).hasSize(12);
        assertThat(breakerState("payment-service")).isEqualTo("closed");
    }

    @Test
    void neverOpensOnA503WithRetryAfterSoAHealthyBackendKeepsItsOtherRoutes() throws Exception {
        // order-service while inventory-service is down: it answers placement 503 + Retry-After, but still serves reads
        String problem = "{\"type\":\"https://shopfloor.dev/problems/inventory-unavailable\",\"status\":503}";
        orders.replyWith(new Reply(
                503, Map.of("Content-Type", "application/problem+json", "Retry-After", "5"), problem, Duration.ZERO));

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/orders"))
                    .POST(BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json"));

            assertThat(response.statusCode()).as("call %d", i).isEqualTo(503);
            assertThat(response.body()).isEqualTo(problem);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        }

        assertThat(orders.received()).hasSize(12);
        assertThat(breakerState("order-service")).isEqualTo("closed");
    }

    @Test
    void countsABackendThatOutlastsItsTimeLimitAsFailing() throws Exception {
        sagas.replyWith(new Reply(200, Map.of("Content-Type", "application/json"), "{}", Duration.ofMillis(1_500)));
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = get("/api/orders/" + i + "/saga");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json.readTree(response.body()).path("type").asString())
                    .isEqualTo("https://shopfloor.dev/problems/backend-unavailable");
        }

        HttpResponse<String> refused = get("/api/orders/9/saga");

        assertThat(json.readTree(refused.body()).path("type").asString())
                .isEqualTo("https://shopfloor.dev/problems/circuit-open");
        assertThat(json.readTree(refused.body()).path("backend").asString()).isEqualTo("saga-orchestrator");
        assertThat(sagas.received()).hasSize(4);
    }

    @Test
    void skipsAFailingReadModelStraightToOrderServiceOnceItsBreakerIsOpen() throws Exception {
        setReadModelPercent(100);
        readModel.replyWith(new Reply(500, Map.of("Content-Type", "application/json"), "{}", Duration.ZERO));
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = get("/api/orders/" + (100 + i));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Served-By")).hasValue("order-service");
        }
        assertThat(readModel.received()).hasSize(4);
        double skippedBefore = metric("gateway.strangler.fallbacks", "reason:circuit-open");

        HttpResponse<String> skipped = get("/api/orders/200");

        assertThat(skipped.statusCode()).isEqualTo(200);
        assertThat(skipped.headers().firstValue("X-Served-By")).hasValue("order-service");
        assertThat(readModel.received()).as("calls reaching the read model").hasSize(4);
        assertThat(orders.received()).hasSize(5);
        assertThat(metric("gateway.strangler.fallbacks", "reason:circuit-open")).isEqualTo(skippedBefore + 1);
        assertThat(breakerState("read-model-service")).isEqualTo("open");
        assertThat(breakerState("order-service")).isEqualTo("closed");
    }

    /** The state a breaker reports on the management port's Prometheus endpoint. */
    private String breakerState(String backend) throws Exception {
        HttpResponse<String> scrape = send(HttpRequest.newBuilder(management("/actuator/prometheus")));
        assertThat(scrape.statusCode()).isEqualTo(200);
        return scrape.body()
                .lines()
                .filter(line -> line.startsWith("resilience4j_circuitbreaker_state{")
                        && line.contains("name=\"" + backend + "\"")
                        && line.endsWith(" 1.0"))
                .map(line -> line.replaceAll(".*state=\"([a-z_]+)\".*", "$1"))
                .findFirst()
                .orElse("none");
    }

    private void setReadModelPercent(int percent) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(management("/actuator/strangler"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"readModelPercent\":" + percent + "}")));
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    private double metric(String name, String tag) throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(management("/actuator/metrics/" + name + "?tag=" + tag)));
        if (response.statusCode() == 404) {
            return 0;
        }
        return json.readTree(response.body())
                .get("measurements")
                .get(0)
                .get("value")
                .asDouble();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(gateway(path)));
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(
                request.timeout(Duration.ofSeconds(10))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .build(),
                BodyHandlers.ofString());
    }
}
