package dev.shopfloor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.gateway.BackendStub.Received;
import dev.shopfloor.gateway.BackendStub.Reply;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway in front of stub backends: each public route of DESIGN.md §8 reaches the service that owns it with
 * the request intact, backend answers come back unchanged, and whatever is not a public route is a {@code 404}
 * problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@EmbeddedInfrastructure
class GatewayRoutingIT {

    static final StubBackends backends = StubBackends.start();
    static final BackendStub orders = backends.orders();
    static final BackendStub payments = backends.payments();
    static final BackendStub inventory = backends.inventory();
    static final BackendStub sagas = backends.sagas();
    static final BackendStub readModel = backends.readModel();

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

    static Stream<Arguments> publicRoutes() {
        return Stream.of(
                Arguments.of(
                        "PUT",
                        "/api/products/SKU-1",
                        "{\"name\":\"Mug\",\"price\":{\"amount\":\"12.50\"}}",
                        "inventory-service"),
                Arguments.of("GET", "/api/products/SKU-1", "", "inventory-service"),
                Arguments.of("GET", "/api/products?page=2&size=5", "", "inventory-service"),
                Arguments.of("POST", "/api/products/SKU-1/stock", "{\"quantity\":7}", "inventory-service"),
                Arguments.of(
                        "PUT",
                        "/api/customers/c-1/account",
                        "{\"creditLimit\":{\"amount\":\"100.00\"}}",
                        "payment-service"),
                Arguments.of("GET", "/api/customers/c-1/account", "", "payment-service"),
                Arguments.of(
                        "POST",
                        "/api/orders",
                        "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2}]}",
                        "order-service"),
                Arguments.of("GET", "/api/orders/123", "", "order-service"),
                Arguments.of("GET", "/api/orders?customerId=c%2D1&status=PENDING&page=0", "", "read-model-service"),
                Arguments.of("GET", "/api/orders/123/saga", "", "saga-orchestrator"));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("publicRoutes")
    void forwardsEachPublicRouteIntactToTheServiceThatOwnsIt(
            String method, String pathAndQuery, String body, String owner) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(pathAndQuery))
                .method(method, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "key-" + method + "-" + pathAndQuery.hashCode()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"servedBy\":\"" + owner + "\"}");
        BackendStub backend = byName(owner);
        assertThat(backend.received()).hasSize(1);
        Received received = backend.received().getFirst();
        URI sent = gateway(pathAndQuery);
        assertThat(received.method()).isEqualTo(method);
        assertThat(received.path()).isEqualTo(sent.getRawPath());
        assertThat(received.query()).isEqualTo(sent.getRawQuery());
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.header("Idempotency-Key")).isEqualTo("key-" + method + "-" + pathAndQuery.hashCode());
        allBackends()
                .filter(other -> other != backend)
                .forEach(other -> assertThat(other.received())
                        .as("requests reaching %s", other.url())
                        .isEmpty());
    }

    @Test
    void sendsTheSagaViewToTheOrchestratorAndTheOrderToOrderService() throws Exception {
        HttpResponse<String> saga = send(HttpRequest.newBuilder(gateway("/api/orders/123/saga")));
        HttpResponse<String> order = send(HttpRequest.newBuilder(gateway("/api/orders/123")));

        assertThat(saga.body()).contains("saga-orchestrator");
        assertThat(order.body()).contains("order-service");
        assertThat(sagas.received()).extracting(Received::path).containsExactly("/api/orders/123/saga");
        assertThat(orders.received()).extracting(Received::path).containsExactly("/api/orders/123");
    }

    @Test
    void passesTheAcceptedOrderWithItsLocationBackUnchanged() throws Exception {
        String accepted = "{\"orderId\":\"421\",\"status\":\"PENDING\"}";
        orders.replyWith(new Reply(
                202,
                Map.of("Content-Type", "application/json", "Location", "/api/orders/421"),
                accepted,
                Duration.ZERO));

        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/orders"))
                .POST(BodyPublishers.ofString(
                        "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "7c0a1d52"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/orders/421");
        assertThat(response.body()).isEqualTo(accepted);
        assertThat(orders.received().getFirst().header("Idempotency-Key")).isEqualTo("7c0a1d52");
    }

    @Test
    void passesBackendProblemsThroughUnchanged() throws Exception {
        String problem = "{\"type\":\"https://shopfloor.dev/problems/unknown-sku\",\"title\":\"Unknown SKU\","
                + "\"status\":422,\"detail\":\"no product SKU-9\",\"sku\":\"SKU-9\"}";
        orders.replyWith(new Reply(422, Map.of("Content-Type", "application/problem+json"), problem, Duration.ZERO));

        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/orders"))
                .POST(BodyPublishers.ofString(
                        "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"SKU-9\",\"quantity\":1}]}"))
                .header("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).isEqualTo(problem);
    }

    @Test
    void passesBackendNotFoundThroughUnchanged() throws Exception {
        String problem = "{\"type\":\"https://shopfloor.dev/problems/order-not-found\",\"title\":\"Order not found\","
                + "\"status\":404,\"detail\":\"no order 77\",\"orderId\":\"77\"}";
        orders.replyWith(new Reply(404, Map.of("Content-Type", "application/problem+json"), problem, Duration.ZERO));

        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/orders/77")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/nope", "/foo", "/api/actuator/health", "/api/customers-export", "/api"})
    void answersPathsThatAreNoPublicRouteWithNotFoundProblem(String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(path)));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://shopfloor.dev/problems/not-found");
        assertThat(problem.path("title").asString()).isEqualTo("Not Found");
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asString()).isEqualTo("no route matches GET " + path);
        assertThat(problem.path("instance").asString()).isEqualTo(path);
        assertNoBackendWasCalled();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/orders/../../actuator/health",
                "/api/orders/%2e%2e/%2E%2E/actuator/health",
                "/api/orders/..;/..;/actuator/health",
                "/api/products/x/..%2f..%2f..%2factuator/env",
                "/api/customers/./../../actuator/health"
            })
    void neverForwardsPathsThatClimbOutOfTheirRoute(String path) throws Exception {
        // Sent over a raw socket: an HTTP client library might normalize the path before sending it.
        String statusLine = rawGet(path);

        // refused by the security firewall (400) or, past it, by PathGuard (404): never forwarded
        assertThat(statusLine).matches("HTTP/1.1 40[04] .*");
        assertNoBackendWasCalled();
    }

    @Test
    void answersProblemJsonEvenWhenTheClientAsksForHtml() throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(gateway("/api/nope")).header("Accept", "text/html"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(response.body()).path("type").asString())
                .isEqualTo("https://shopfloor.dev/problems/not-found");
    }

    @Test
    void refusesABodyLargerThanTheLimitWith413AndForwardsNothing() throws Exception {
        String huge = "{\"customerId\":\"c-1\",\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/orders"))
                .POST(BodyPublishers.ofString(huge))
                .header("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(response.body()).path("type").asString())
                .isEqualTo("https://shopfloor.dev/problems/payload-too-large");
        assertNoBackendWasCalled();
    }

    @Test
    void asksForTheLengthOfAStreamedBodyAndForwardsNothing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/orders HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                            + AuthServerProcess.get().bearer()
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(512 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 3; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buffer = new byte[4096];
            int read = socket.getInputStream().read(buffer); // the answer's head, whether or not the body was read
            String answer = new String(buffer, 0, Math.max(read, 0), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 411").contains("application/problem+json");
        }
        assertNoBackendWasCalled();
    }

    @Test
    void listsItsRoutesOnItsOwnActuatorButTakesNoNewOnes() throws Exception {
        HttpResponse<String> routes = send(HttpRequest.newBuilder(management("/actuator/gateway/routes")));
        HttpResponse<String> added = send(HttpRequest.newBuilder(management("/actuator/gateway/routes/evil"))
                .POST(BodyPublishers.ofString("{\"uri\":\"http://example.com\",\"predicates\":[]}"))
                .header("Content-Type", "application/json"));
        HttpResponse<String> refreshed = send(
                HttpRequest.newBuilder(management("/actuator/gateway/refresh")).POST(BodyPublishers.noBody()));

        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body())
                .contains("\"route_id\":\"saga-orchestrator\"", "\"route_id\":\"order-service\"")
                .contains("\"route_id\":\"inventory-service\"", "\"route_id\":\"payment-service\"");
        assertThat(added.statusCode()).isBetween(400, 499);
        assertThat(refreshed.statusCode()).isBetween(400, 499);
        assertThat(send(HttpRequest.newBuilder(management("/actuator/gateway/routes")))
                        .body())
                .doesNotContain("evil");
    }

    @Test
    void servesItsOwnActuatorOnTheManagementPortOnly() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(management("/actuator/health")));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        for (String path : List.of("/actuator/health", "/actuator/gateway/routes", "/actuator/strangler")) {
            assertThat(send(HttpRequest.newBuilder(gateway(path))).statusCode())
                    .as("public port, %s", path)
                    .isEqualTo(404);
        }
        assertNoBackendWasCalled();
    }

    private void assertNoBackendWasCalled() {
        allBackends()
                .forEach(backend -> assertThat(backend.received())
                        .as("requests reaching %s", backend.url())
                        .isEmpty());
    }

    private static Stream<BackendStub> allBackends() {
        return backends.all();
    }

    private static BackendStub byName(String name) {
        return switch (name) {
            case "order-service" -> orders;
            case "payment-service" -> payments;
            case "inventory-service" -> inventory;
            case "saga-orchestrator" -> sagas;
            case "read-model-service" -> readModel;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    private URI gateway(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(
                request.timeout(Duration.ofSeconds(10))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .build(),
                BodyHandlers.ofString());
    }

    private String rawGet(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                            + AuthServerProcess.get().bearer() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return List.of(answer.split("\r\n")).getFirst();
        }
    }
}
