package dev.shopfloor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate limits against the real Redis of this test JVM and real tokens, with tiny buckets: reads 3 (1 a second),
 * placement and other writes 2 (1 a second). Redis refills buckets once a second on its clock (the machine's), so a
 * burst that must stay within one refill starts just after a second begins.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "shopfloor.gateway.rate-limits.reads.replenish-rate=1",
            "shopfloor.gateway.rate-limits.reads.burst-capacity=3",
            "shopfloor.gateway.rate-limits.placement.replenish-rate=1",
            "shopfloor.gateway.rate-limits.placement.burst-capacity=2",
            "shopfloor.gateway.rate-limits.writes.replenish-rate=1",
            "shopfloor.gateway.rate-limits.writes.burst-capacity=2"
        })
@EmbeddedInfrastructure
class RateLimitIT {

    static final StubBackends backends = StubBackends.start();
    static final BackendStub orders = backends.orders();
    static final BackendStub readModel = backends.readModel();
    static final BackendStub inventory = backends.inventory();

    static final String ALICE = AuthServerProcess.get().tokens().user("alice").accessToken();
    static final String BOB = AuthServerProcess.get().tokens().user("bob").accessToken();
    static final String SERVICE = AuthServerProcess.get().tokens().service();

    static final JsonMapper json = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        backends.register(registry);
    }

    @BeforeEach
    @AfterEach
    void emptyBucketsAndBackends() {
        // Full buckets for every test, and none left for the other test classes of this JVM (same Redis).
        redis.keys("request_rate_limiter.*").flatMap(redis::delete).blockLast(Duration.ofSeconds(5));
        backends.reset();
    }

    @AfterAll
    static void stopBackends() {
        backends.close();
    }

    @Test
    void refusesABurstAboveCapacityWithTooManyRequestsAndRefillsAtTheReplenishRate() throws Exception {
        warmUp();
        awaitStartOfSecond();
        for (int remaining = 2; remaining >= 0; remaining--) {
            HttpResponse<String> allowed = get(ALICE, "/api/products/SKU-1");
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(remaining));
            assertThat(allowed.headers().firstValue("X-RateLimit-Replenish-Rate"))
                    .hasValue("1");
            assertThat(allowed.headers().firstValue("X-RateLimit-Burst-Capacity"))
                    .hasValue("3");
        }

        HttpResponse<String> refused = get(ALICE, "/api/products/SKU-1");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(refused.headers().firstValue("X-RateLimit-Replenish-Rate")).hasValue("1");
        assertThat(refused.headers().firstValue("X-RateLimit-Burst-Capacity")).hasValue("3");
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://shopfloor.dev/problems/too-many-requests");
        assertThat(problem.path("title").asString()).isEqualTo("Too Many Requests");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("routeClass").asString()).isEqualTo("reads");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/products/SKU-1");
        assertThat(inventory.received()).hasSize(3);

        // One token a second: after the announced wait, one more request passes.
        Thread.sleep(Duration.ofSeconds(1).plusMillis(100));
        assertThat(get(ALICE, "/api/products/SKU-1").statusCode()).isEqualTo(200);
        assertThat(inventory.received()).hasSize(4);
        assertThat(metric("gateway.ratelimit.rejections", "route-class:reads")).isGreaterThanOrEqualTo(1);
        assertThat(scrape())
                .as("the Prometheus scrape of the management port")
                .anyMatch(line -> line.startsWith("gateway_ratelimit_rejections_total{")
                        && line.contains("application=\"gateway\"")
                        && line.contains("route_class=\"reads\""));
        assertThat(scrape())
                .as("requests per route, for the edge dashboard (Boot's http.server.requests cannot name the route)")
                .anyMatch(line -> line.startsWith("spring_cloud_gateway_requests_seconds_bucket{")
                        && line.contains("routeId=\"inventory-service\""));
    }

    @Test
    void exportsEveryRejectionSeriesAtZeroBeforeItsFirstRejection() throws Exception {
        // Redis is up all through this class, so no request is ever refused for "redis-down": the series is there,
        // at zero, because dashboards and alerts draw it from the first scrape on
        assertThat(scrape())
                .anyMatch(line -> line.startsWith("gateway_ratelimit_rejections_total{")
                        && line.contains("reason=\"redis-down\"")
                        && line.contains("route_class=\"writes\"")
                        && line.endsWith(" 0.0"));
    }

    @Test
    void keepsOneBucketPerCallerAndClassWhicheverRouteOrSideServesTheRead() throws Exception {
        warmUp();
        setReadModelPercent(0);
        awaitStartOfSecond();

        HttpResponse<String> legacy = get(ALICE, "/api/orders/1");
        setReadModelPercent(100);
        HttpResponse<String> readModelSide = get(ALICE, "/api/orders/2");
        HttpResponse<String> product = get(ALICE, "/api/products/SKU-1");
        HttpResponse<String> list = get(ALICE, "/api/orders?customerId=alice");
        HttpResponse<String> bobsFirst = get(BOB, "/api/orders/3");
        HttpResponse<String> alicesPlacement = placeOrder(ALICE);

        assertThat(legacy.headers().firstValue("X-Served-By")).hasValue("order-service");
        assertThat(readModelSide.headers().firstValue("X-Served-By")).hasValue("read-model-service");
        assertThat(List.of(legacy, readModelSide, product))
                .extracting(HttpResponse::statusCode)
                .containsOnly(200);
        assertThat(list.statusCode())
                .as("the fourth read of one caller, on a third route")
                .isEqualTo(429);
        assertThat(bobsFirst.statusCode()).as("another caller's bucket").isEqualTo(200);
        assertThat(bobsFirst.headers().firstValue("X-RateLimit-Remaining")).hasValue("2");
        assertThat(alicesPlacement.statusCode())
                .as("the same caller's placement bucket")
                .isEqualTo(200);
        assertThat(alicesPlacement.headers().firstValue("X-RateLimit-Remaining"))
                .hasValue("1");
        assertThat(alicesPlacement.headers().firstValue("X-RateLimit-Burst-Capacity"))
                .hasValue("2");
    }

    @Test
    void keepsPlacementAndOtherWritesInBucketsOfTheirOwn() throws Exception {
        warmUp();
        awaitStartOfSecond();

        List<Integer> placements = List.of(
                placeOrder(SERVICE).statusCode(),
                placeOrder(SERVICE).statusCode(),
                placeOrder(SERVICE).statusCode());
        HttpResponse<String> stock = send(HttpRequest.newBuilder(gateway("/api/products/SKU-1/stock"))
                .POST(BodyPublishers.ofString("{\"quantity\":1}"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + SERVICE));

        assertThat(placements).containsExactly(200, 200, 429);
        assertThat(stock.statusCode()).isEqualTo(200);
        assertThat(stock.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
    }

    @Test
    void refusesRequestsWithoutAValidTokenBeforeTheyCostAToken() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> anonymous = send(HttpRequest.newBuilder(gateway("/api/products/SKU-1")));
            HttpResponse<String> forged = get("not-a-token", "/api/products/SKU-1");

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
            assertThat(forged.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
        }

        assertThat(redis.keys("request_rate_limiter.*").collectList().block(Duration.ofSeconds(5)))
                .as("buckets in Redis")
                .isEmpty();
        assertThat(inventory.received()).isEmpty();
    }

    /** A first request through the whole stack, so later ones are quick enough to stay within one Redis second. */
    private void warmUp() throws Exception {
        assertThat(get(SERVICE, "/api/orders/0").statusCode()).isEqualTo(200);
        redis.keys("request_rate_limiter.*").flatMap(redis::delete).blockLast(Duration.ofSeconds(5));
        backends.reset();
    }

    /** Waits until the clock (Redis' too: same machine) has just started a new second. */
    static void awaitStartOfSecond() throws InterruptedException {
        long millis = System.currentTimeMillis() % 1000;
        Thread.sleep(1000 - millis + 20);
    }

    private HttpResponse<String> placeOrder(String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(gateway("/api/orders"))
                .POST(BodyPublishers.ofString(
                        "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token));
    }

    private HttpResponse<String> get(String token, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(gateway(path)).header("Authorization", "Bearer " + token));
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

    /** The lines of {@code /actuator/prometheus} on the management port. */
    private List<String> scrape() throws Exception {
        HttpResponse<String> scrape = send(HttpRequest.newBuilder(management("/actuator/prometheus")));
        assertThat(scrape.statusCode()).isEqualTo(200);
        return scrape.body().lines().toList();
    }

    private URI gateway(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }
}
