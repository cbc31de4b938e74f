package dev.shopfloor.order.placement.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.shopfloor.order.config.OrderProperties;
import dev.shopfloor.order.domain.Money;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Currency;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/** The HTTP client of inventory-service against a small real HTTP server standing in for it. */
class InventoryClientTest {

    private HttpServer server;
    private final AtomicReference<String> lastPath = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String body = "";
    private volatile long delayMillis;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            lastPath.set(exchange.getRequestURI().getRawPath());
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private InventoryClient client(URI url) {
        return new InventoryClient(
                RestClient.builder(),
                new OrderProperties(
                        0,
                        url,
                        Currency.getInstance("EUR"),
                        new OrderProperties.InventoryClient(
                                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)),
                        Duration.ofHours(24)));
    }

    private InventoryClient client() {
        return client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
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
    void reportsServerErrorsAsUnavailable() {
        status = 503;

        assertThatThrownBy(() -> client().product("SKU-1")).isInstanceOf(InventoryUnavailable.class);
    }

    @Test
    void reportsOtherClientErrorsAsUnavailable() {
        status = 401;

        assertThatThrownBy(() -> client().product("SKU-1")).isInstanceOf(InventoryUnavailable.class);
    }

    @Test
    void reportsASlowAnswerAsUnavailable() {
        delayMillis = 3000;
        body = "{\"sku\":\"SKU-1\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}";

        assertThatThrownBy(() -> client().product("SKU-1")).isInstanceOf(InventoryUnavailable.class);
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
    void reportsNonsenseAsUnavailable() {
        body = "{\"sku\":\"SKU-1\",\"price\":{\"amount\":\"abc\",\"currency\":\"EUR\"}}";
        assertThatThrownBy(() -> client().product("SKU-1")).isInstanceOf(InventoryUnavailable.class);

        body = "{\"sku\":\"SKU-1\"}";
        assertThatThrownBy(() -> client().product("SKU-1")).isInstanceOf(InventoryUnavailable.class);

        body = "<html>";
        assertThatThrownBy(() -> client().product("SKU-1")).isInstanceOf(InventoryUnavailable.class);
    }
}
