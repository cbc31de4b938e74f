package dev.shopfloor.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/orders} while inventory-service (a small real HTTP server) fails: retries, the circuit breaker
 * {@code inventory} opening, answering at once while open, and closing again; on real Postgres and Kafka.
 *
 * <p>Small settings keep it quick: 2 attempts per lookup, a 500 ms read timeout, a breaker that judges 4 attempts
 * and opens at 50 % failures for 2 s, then lets 1 trial attempt through.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopfloor.order.inventory-client.read-timeout=500ms",
            "shopfloor.order.inventory-client.retry-after=5s",
            "shopfloor.order.inventory-client.retry.max-attempts=2",
            "shopfloor.order.inventory-client.retry.backoff=20ms",
            "shopfloor.order.inventory-client.retry.max-backoff=20ms",
            "shopfloor.order.inventory-client.circuit-breaker.sliding-window-size=4",
            "shopfloor.order.inventory-client.circuit-breaker.minimum-number-of-calls=4",
            "shopfloor.order.inventory-client.circuit-breaker.failure-rate-threshold=50",
            "shopfloor.order.inventory-client.circuit-breaker.wait-in-open-state=2s",
            "shopfloor.order.inventory-client.circuit-breaker.permitted-calls-in-half-open-state=1"
        })
@EmbeddedInfrastructure
@DirtiesContext
class InventoryResilienceIT {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    private static final String RETRY_AFTER_WHEN_FAILED = "5";
    private static final String RETRY_AFTER_WHEN_OPEN = "2";
    private static final Pattern STATE_GAUGE =
            Pattern.compile("^resilience4j_circuitbreaker_state\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private static final InventoryStub inventory = InventoryStub.start().product("WIDGET-1", "12.50", "EUR");
    private static final AtomicInteger customers = new AtomicInteger();

    @DynamicPropertySource
    static void inventoryUrl(DynamicPropertyRegistry registry) {
        registry.add("shopfloor.order.inventory-url", inventory::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Resilience4JCircuitBreakerFactory breakers;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void inventoryUpAndBreakerClosed() {
        inventory.mode(InventoryStub.Mode.UP);
        inventory.failNext(0, 503);
        breakers.getCircuitBreakerRegistry().circuitBreaker("inventory").reset();
    }

    @AfterAll
    static void stopInventory() {
        inventory.close();
    }

    @Test
    void opensOnServerErrorsThenAnswers503AtOnceAndStoresNothing() throws Exception {
        inventory.mode(InventoryStub.Mode.FAILING);
        int requestsBefore = inventory.requests();
        long ordersBefore = count("orders");
        long outboxBefore = count("outbox");

        // 2 placements x 2 attempts = the 4 attempts the breaker needs to judge; all failed
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> failed = post(order(newCustomer()), null);
            assertUnavailable(failed, RETRY_AFTER_WHEN_FAILED);
        }
        assertThat(inventory.requests() - requestsBefore).isEqualTo(4);
        assertThat(breakerState()).isEqualTo("open");

        String key = UUID.randomUUID().toString();
        HttpResponse<String> refused = post(order(newCustomer()), key);

        assertUnavailable(refused, RETRY_AFTER_WHEN_OPEN);
        assertThat(inventory.requests() - requestsBefore)
                .as("no request while open")
                .isEqualTo(4);
        assertThat(count("orders")).isEqualTo(ordersBefore);
        assertThat(count("outbox")).isEqualTo(outboxBefore);
        assertThat(keyRows(key)).isZero();
    }

    @Test
    void opensOnTimeoutsThenAnswersFasterThanOneTimeout() throws Exception {
        inventory.slowMillis(READ_TIMEOUT.toMillis() * 3);
        inventory.mode(InventoryStub.Mode.SLOW);

        for (int i = 0; i < 2; i++) {
            long started = System.nanoTime();
            HttpResponse<String> timedOut = post(order(newCustomer()), null);
            assertUnavailable(timedOut, RETRY_AFTER_WHEN_FAILED);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("two attempts that each waited for the read timeout")
                    .isGreaterThanOrEqualTo(READ_TIMEOUT.multipliedBy(2));
        }
        assertThat(breakerState()).isEqualTo("open");

        long started = System.nanoTime();
        HttpResponse<String> refused = post(order(newCustomer()), null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertUnavailable(refused, RETRY_AFTER_WHEN_OPEN);
        assertThat(took).as("answered without waiting for inventory").isLessThan(READ_TIMEOUT);
    }

    @Test
    void closesAgainOnceInventoryIsBackAndTheWaitIsOver() throws Exception {
        inventory.mode(InventoryStub.Mode.FAILING);
        for (int i = 0; i < 2; i++) {
            post(order(newCustomer()), null);
        }
        assertThat(breakerState()).isEqualTo("open");
        String customer = newCustomer();
        String key = UUID.randomUUID().toString();
        assertUnavailable(post(order(customer), key), RETRY_AFTER_WHEN_OPEN);

        inventory.mode(InventoryStub.Mode.UP);
        // still open: inventory being back changes nothing until the wait is over
        int requestsWhileOpen = inventory.requests();
        assertUnavailable(post(order(customer), key), RETRY_AFTER_WHEN_OPEN);
        assertThat(inventory.requests()).isEqualTo(requestsWhileOpen);

        awaitBreakerState("half_open", Duration.ofSeconds(10));
        HttpResponse<String> placed = post(order(customer), key);

        // the same Idempotency-Key that was refused while open places the order now
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        assertThat(breakerState()).isEqualTo("closed");
        assertThat(ordersOf(customer)).isEqualTo(1);
        HttpResponse<String> replayed = post(order(customer), key);
        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(json.readTree(replayed.body()).get("orderId"))
                .isEqualTo(json.readTree(placed.body()).get("orderId"));
    }

    @Test
    void neverOpensOnClientErrorsAndNeverRetriesThem() throws Exception {
        int requestsBefore = inventory.requests();

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> unknown = post(
                    "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"NO-SUCH-SKU\",\"quantity\":1}]}"
                            .formatted(newCustomer()),
                    null);
            assertThat(unknown.statusCode()).isEqualTo(422);
            assertThat(problemType(unknown)).endsWith("/unknown-sku");
        }
        inventory.mode(InventoryStub.Mode.BAD_REQUEST);
        for (int i = 0; i < 10; i++) {
            assertUnavailable(post(order(newCustomer()), null), RETRY_AFTER_WHEN_FAILED);
        }
        assertThat(inventory.requests() - requestsBefore).as("one request each").isEqualTo(20);
        assertThat(breakerState()).isEqualTo("closed");

        inventory.mode(InventoryStub.Mode.UP);
        assertThat(post(order(newCustomer()), null).statusCode()).isEqualTo(202);
    }

    @Test
    void retriesALookupThatFailedOnceAndPlacesTheOrder() throws Exception {
        inventory.failNext(1, 503);
        int requestsBefore = inventory.requests();
        String customer = newCustomer();

        HttpResponse<String> placed = post(order(customer), null);

        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        assertThat(inventory.requests() - requestsBefore).isEqualTo(2);
        assertThat(ordersOf(customer)).isEqualTo(1);
        assertThat(breakerState()).isEqualTo("closed");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private void assertUnavailable(HttpResponse<String> response, String retryAfter) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(problemType(response)).isEqualTo("https://shopfloor.dev/problems/inventory-unavailable");
        assertThat(response.headers().firstValue("Retry-After")).contains(retryAfter);
    }

    private String problemType(HttpResponse<String> response) {
        JsonNode problem = json.readTree(response.body());
        return problem.get("type").asString();
    }

    /** The state of breaker {@code inventory} as /actuator/prometheus exports it: the one whose gauge is 1. */
    private String breakerState() throws IOException, InterruptedException {
        HttpResponse<String> scrape = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", AuthServerProcess.get().bearer())
                .GET());
        assertThat(scrape.statusCode()).isEqualTo(200);
        Matcher gauge = STATE_GAUGE.matcher(scrape.body());
        List<String> states = new ArrayList<>();
        while (gauge.find()) {
            String labels = gauge.group(1);
            if (labels.contains("name=\"inventory\"") && Double.parseDouble(gauge.group(2)) == 1.0) {
                Matcher state = Pattern.compile("state=\"([a-z_]+)\"").matcher(labels);
                if (state.find()) {
                    states.add(state.group(1));
                }
            }
        }
        assertThat(states).as("resilience4j_circuitbreaker_state of inventory").hasSize(1);
        return states.getFirst();
    }

    private void awaitBreakerState(String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String current;
        do {
            current = breakerState();
            if (state.equals(current)) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("breaker inventory did not become " + state + " but is " + current);
    }

    private static String newCustomer() {
        return "customer-r" + customers.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String order(String customer) {
        return "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1}]}".formatted(customer);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private long keyRows(String key) {
        return jdbc.sql("select count(*) from idempotency_key where key = :key")
                .param("key", key)
                .query(Long.class)
                .single();
    }

    private long ordersOf(String customer) {
        return jdbc.sql("select count(*) from orders where customer_id = :customer")
                .param("customer", customer)
                .query(Long.class)
                .single();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> post(String body, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/orders"))
                .header("Authorization", AuthServerProcess.get().bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
