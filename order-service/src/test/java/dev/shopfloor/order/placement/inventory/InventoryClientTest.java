package dev.shopfloor.order.placement.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.shopfloor.order.config.OrderProperties;
import dev.shopfloor.order.domain.Money;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Currency;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.web.client.RestClient;

/**
 * The HTTP client of inventory-service, with its retry and circuit breaker, against a small real HTTP server standing
 * in for it.
 */
class InventoryClientTest {

    private static final OrderProperties.Retry RETRY =
            new OrderProperties.Retry(3, Duration.ofMillis(20), 2, Duration.ofMillis(100));
    /** Opens after 4 attempts of which half failed; stays open long enough for any test. */
    private static final OrderProperties.CircuitBreaker BREAKER =
            new OrderProperties.CircuitBreaker(4, 4, 50, Duration.ofSeconds(30), 1);

    /** Spring Cloud's factory, set up as in the application; a new one, so a new breaker, for each test. */
    private final Resilience4JCircuitBreakerFactory breakers = breakerFactory();

    private HttpServer server;
    private final AtomicReference<String> lastPath = new AtomicReference<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile String body = "";
    private volatile long delayMillis;
    /** This many requests are answered {@link #failureStatus} before the others get {@link #status}. */
    private final AtomicInteger failuresFirst = new AtomicInteger();

    private volatile int failureStatus = 503;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            lastPath.set(exchange.getRequestURI().getRawPath());
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int answer = failuresFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failureStatus : status;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private InventoryClient client(URI url, Duration readTimeout) {
        OrderProperties properties = new OrderProperties(
                0,
                url,
                Currency.getInstance("EUR"),
                new OrderProperties.InventoryClient(
                        Duration.ofSeconds(2), readTimeout, Duration.ofSeconds(5), RETRY, BREAKER),
                Duration.ofHours(24));
        return new InventoryClient(RestClient.builder(), properties, breakers);
    }

    private InventoryClient client(URI url) {
        return client(url, Duration.ofSeconds(2));
    }

    private InventoryClient client() {
        return client(url());
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static Resilience4JCircuitBreakerFactory breakerFactory() {
        Resilience4JConfigurationProperties settings = new Resilience4JConfigurationProperties();
        settings.setDisableThreadPool(true);
        Resilience4JCircuitBreakerFactory factory = new Resilience4JCircuitBreakerFactory(
                CircuitBreakerRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults(), null, settings);
        InventoryResilience.configure(BREAKER).customize(factory);
        return factory;
    }

    private CircuitBreaker.State breakerState() {
        return breakers.getCircuitBreakerRegistry()
                .circuitBreaker(InventoryResilience.CIRCUIT_BREAKER)
                .getState();
    }

    @Test
    void readsTheProductPrice() {
        body = """
                {"sku":"SKU-1","name":"Widget","price":{"amount":"12.50","currency":"EUR"},"available":3}""";

        assertThat(client().product("SKU-1")).contains(new Product("SKU-1", Money.of("12.50", "EUR")));
        assertThat(lastPath.get()).isEqualTo("/api/products/SKU-1");
    }

    @Test
    void findsNothingForAnUnknownSku() {
        status = 404;
        body = "{\"type\":\"about:blank\",\"status\":404}";

        assertThat(client().product("NOPE")).isEmpty();
    }

    @Test
    void reportsServerErrorsAsUnavailableAfterEveryAttempt() {
        status = 503;

        assertThatThrownBy(() -> client().product("SKU-1"))
                .isInstanceOfSatisfying(
                        InventoryUnavailable.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
        assertThat(requests).hasValue(3);
    }

    @Test
    void reportsOtherClientErrorsAsUnavailableWithoutRetrying() {
        status = 401;

        assertThatThrownBy(() -> client().product("SKU-1")).isInstanceOf(InventoryUnavailable.class);
        assertThat(requests).hasValue(1);
    }

    @Test
    void reportsASlowAnswerAsUnavailableAfterEveryAttempt() {
        delayMillis = 700;
        body = "{\"sku\":\"SKU-1\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}";

        assertThatThrownBy(() -> client(url(), Duration.ofMillis(200)).product("SKU-1"))
                .isInstanceOf(InventoryUnavailable.class);
        assertThat(requests).hasValue(3);
    }

    @Test
    void retriesAServerErrorAndReadsTheProduct() {
        failuresFirst.set(2);
        failureStatus = 503;
        body = """
                {"sku":"SKU-1","name":"Widget","price":{"amount":"2.00","currency":"EUR"},"available":3}""";

        assertThat(client().product("SKU-1")).contains(new Product("SKU-1", Money.of("2.00", "EUR")));
        assertThat(requests).hasValue(3);
    }

    @Test
    void opensTheBreakerAfterTheMinimumNumberOfFailuresAndThenAsksNoMore() {
        status = 500;
        InventoryClient client = client();

        // 3 failed attempts: fewer than the minimum of 4, still closed
        assertThatThrownBy(() -> client.product("SKU-1")).isInstanceOf(InventoryUnavailable.class);
        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        // the 4th attempt fails and opens it; the retry that follows is refused, not sent
        assertThatThrownBy(() -> client.product("SKU-1"))
                .isInstanceOfSatisfying(
                        InventoryUnavailable.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(requests).hasValue(4);

        status = 200;
        body = "{\"sku\":\"SKU-1\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}";
        assertThatThrownBy(() -> client.product("SKU-1"))
                .isInstanceOfSatisfying(
                        InventoryUnavailable.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(requests).hasValue(4);
    }

    @Test
    void opensTheBreakerOnRefusedConnections() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        InventoryClient client = client(URI.create("http://127.0.0.1:" + closedPort));

        assertThatThrownBy(() -> client.product("SKU-1")).isInstanceOf(InventoryUnavailable.class);
        assertThatThrownBy(() -> client.product("SKU-1")).isInstanceOf(InventoryUnavailable.class);

        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void neverOpensTheBreakerOnClientErrors() {
        InventoryClient client = client();
        for (int i = 0; i < 10; i++) {
            status = 404;
            assertThat(client.product("NOPE")).isEmpty();
            status = 400;
            assertThatThrownBy(() -> client.product("bad sku")).isInstanceOf(InventoryUnavailable.class);
        }

        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(requests).hasValue(20);
    }

    @Test
    void reportsARefusedConnectionAsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() ->
                        client(URI.create("http://127.0.0.1:" + closedPort)).product("SKU-1"))
                .isInstanceOf(InventoryUnavailable.class);
    }

    @Test
    void reportsNonsenseAsUnavailableWithoutRetrying() {
        body = "{\"sku\":\"SKU-1\",\"price\":{\"amount\":\"abc\",\"currency\":\"EUR\"}}";
        assertThatThrownBy(() -> client().product("SKU-1")).isInstanceOf(InventoryUnavailable.class);

        body = "{\"sku\":\"SKU-1\"}";
        assertThatThrownBy(() -> client().product("SKU-1")).isInstanceOf(InventoryUnavailable.class);

        body = "<html>";
        assertThatThrownBy(() -> client().product("SKU-1")).isInstanceOf(InventoryUnavailable.class);

        assertThat(requests).hasValue(3);
    }
}
