package dev.shopfloor.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shopfloor.gateway.BackendStub.Reply;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.Infrastructure;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The strangler split of {@code GET /api/orders/{orderId}} between order-service and read-model-service stubs, with
 * real tokens: the split is sticky per token subject, whatever address the caller uses. (How evenly subjects spread
 * over the two sides is {@code StranglerWeightsTest}'s subject.)
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            // Thousands of reads from three callers: rate limits are RateLimitIT's subject, not this class's.
            "shopfloor.gateway.rate-limits.reads.replenish-rate=100000",
            "shopfloor.gateway.rate-limits.reads.burst-capacity=100000"
        })
@EmbeddedInfrastructure
class StranglerRoutingIT {

    static final StubBackends backends = StubBackends.start();
    static final BackendStub legacy = backends.orders();
    static final BackendStub readModel = backends.readModel();
    static final int READS = 2_000;
    static final JsonMapper json = JsonMapper.builder().build();

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    // a client of the test's own: what another gateway instance, or an operator, does in the same Redis
    static final LettuceConnectionFactory redisConnections = new LettuceConnectionFactory(
            Infrastructure.get().redisHost(), Infrastructure.get().redisPort());
    static final StringRedisTemplate redis = redisTemplate();

    @Autowired
    ShopfloorGatewayProperties properties;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        backends.register(registry);
    }

    @BeforeEach
    void reset() {
        legacy.reset();
        readModel.reset();
    }

    @AfterAll
    static void stop() {
        backends.close();
        redisConnections.destroy();
    }

    @Test
    void exportsEveryStranglerSeriesBeforeItsFirstEvent() throws Exception {
        // dashboards and alerts draw these from the first scrape on: zero, not absent
        for (String reason : List.of("not-found", "error", "circuit-open")) {
            assertThat(send(HttpRequest.newBuilder(
                                    management("/actuator/metrics/gateway.strangler.fallbacks?tag=reason:" + reason)))
                            .statusCode())
                    .as("fallbacks, reason %s", reason)
                    .isEqualTo(200);
        }
        for (String backend : List.of("order-service", "read-model-service")) {
            assertThat(send(HttpRequest.newBuilder(
                                    management("/actuator/metrics/gateway.strangler.errors?tag=backend:" + backend)))
                            .statusCode())
                    .as("errors, backend %s", backend)
                    .isEqualTo(200);
        }
    }

    @Test
    void sendsEveryReadToOrderServiceAtZeroPercent() throws Exception {
        setReadModelPercent(0);

        Map<String, Integer> servedBy = readFromManyCallers(READS);

        assertThat(servedBy).containsOnly(Map.entry("order-service", READS));
    }

    @Test
    void sendsEveryReadToTheReadModelAtHundredPercent() throws Exception {
        setReadModelPercent(100);

        Map<String, Integer> servedBy = readFromManyCallers(READS);

        assertThat(servedBy).containsOnly(Map.entry("read-model-service", READS));
    }

    @Test
    void keepsATokenSubjectOnOneSideWhateverAddressItCallsFrom() throws Exception {
        setReadModelPercent(50);
        for (String token : callers()) {
            String first = get("127.9.0.1", token, "/api/orders/1").servedBy();
            for (int i = 0; i < 10; i++) {
                assertThat(get("127.9.0." + (i + 2), token, "/api/orders/" + (i + 2))
                                .servedBy())
                        .isEqualTo(first);
            }
        }
    }

    @Test
    void fallsBackToOrderServiceWhenTheReadModelDoesNotHaveTheOrderYet() throws Exception {
        setReadModelPercent(100);
        readModel.replyWith(new Reply(
                404,
                Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"https://shopfloor.dev/problems/order-not-found\",\"status\":404}",
                Duration.ZERO));
        double fallbacksBefore = metric("gateway.strangler.fallbacks", "reason:not-found");

        Answer answer = get("127.0.0.1", callers().getFirst(), "/api/orders/77");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.servedBy()).isEqualTo("order-service");
        assertThat(answer.body()).contains("order-service");
        assertThat(readModel.received()).hasSize(1);
        assertThat(legacy.received()).hasSize(1);
        assertThat(metric("gateway.strangler.fallbacks", "reason:not-found")).isEqualTo(fallbacksBefore + 1);
    }

    @Test
    void fallsBackToOrderServiceWhenTheReadModelFails() throws Exception {
        setReadModelPercent(100);
        readModel.replyWith(new Reply(500, Map.of("Content-Type", "application/json"), "{}", Duration.ZERO));
        double errorsBefore = metric("gateway.strangler.errors", "backend:read-model-service");

        Answer answer = get("127.0.0.1", callers().getFirst(), "/api/orders/78");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.servedBy()).isEqualTo("order-service");
        assertThat(metric("gateway.strangler.errors", "backend:read-model-service"))
                .isEqualTo(errorsBefore + 1);
    }

    @Test
    void passesTheReadModelsAnswerThroughUnchangedAndCountsItPerBackend() throws Exception {
        setReadModelPercent(100);
        String order = "{\"orderId\":\"79\",\"status\":\"APPROVED\"}";
        readModel.replyWith(new Reply(200, Map.of("Content-Type", "application/json"), order, Duration.ZERO));
        double servedBefore = metric("gateway.strangler.requests", "backend:read-model-service");

        Answer answer = get("127.0.0.1", callers().getFirst(), "/api/orders/79?x=1");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(order);
        assertThat(answer.servedBy()).isEqualTo("read-model-service");
        assertThat(readModel.received().getFirst().path()).isEqualTo("/api/orders/79");
        assertThat(readModel.received().getFirst().query()).isEqualTo("x=1");
        // A second request to order-service would follow the answer, not precede it: give it time to show up.
        Thread.sleep(300);
        assertThat(legacy.received()).as("reads reaching order-service as well").isEmpty();
        assertThat(metric("gateway.strangler.requests", "backend:read-model-service"))
                .isEqualTo(servedBefore + 1);
    }

    @Test
    void refusesAWeightOutsideZeroToHundredAndKeepsTheOldOne() throws Exception {
        setReadModelPercent(30);

        HttpResponse<String> refused = postWeight(101);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(refused.body()).get("detail").asString())
                .isEqualTo("readModelPercent must be 0-100, was 101");
        HttpResponse<String> missing = send(HttpRequest.newBuilder(management("/actuator/strangler"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json.readTree(missing.body()).get("detail").asString()).contains("readModelPercent");
        for (String notAWholeNumber : List.of("\"abc\"", "50.5", "true", "99999999999", "\"\u0663\"")) {
            HttpResponse<String> wrongType = send(HttpRequest.newBuilder(management("/actuator/strangler"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"readModelPercent\":" + notAWholeNumber + "}")));
            assertThat(wrongType.statusCode()).as(notAWholeNumber).isEqualTo(400);
            assertThat(json.readTree(wrongType.body()).get("detail").asString())
                    .as(notAWholeNumber)
                    .startsWith("readModelPercent must be a whole number 0-100");
        }
        assertThat(readModelPercent()).isEqualTo(30);
        assertThat(json.readTree(send(HttpRequest.newBuilder(management("/actuator/strangler")))
                                .body())
                        .get("readModelPercent")
                        .asInt())
                .isEqualTo(30);
    }

    @Test
    void sharesAWeightChangeWithEveryGatewayInstanceThroughRedis() throws Exception {
        setReadModelPercent(40);

        assertThat(redis.opsForValue().get(redisKey())).isEqualTo("40");
    }

    @Test
    void followsAWeightAnotherGatewayInstanceSet() throws Exception {
        setReadModelPercent(0);

        // what a POST on another instance of this gateway deployment leaves in Redis
        redis.opsForValue().set(redisKey(), "100");

        await().atMost(Duration.ofSeconds(5)).until(() -> readModelPercent() == 100);
        assertThat(readFromManyCallers(200)).containsOnlyKeys("read-model-service");
    }

    @Test
    void writesItsWeightBackWhenRedisLostItOrHoldsNoShare() throws Exception {
        setReadModelPercent(25);

        // Redis is a cache here (LRU, no persistence): an eviction or a restart loses the key
        redis.delete(redisKey());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "25".equals(redis.opsForValue().get(redisKey())));

        // a value that is no share (written by hand) is replaced by this instance's, as a lost key is
        for (String noShare : List.of("250", "abc", "12.5")) {
            redis.opsForValue().set(redisKey(), noShare);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "25".equals(redis.opsForValue().get(redisKey())));
            assertThat(readModelPercent()).as(noShare).isEqualTo(25);
        }
    }

    @Test
    void keepsTheAdminEndpointOutOfThePublicApi() throws Exception {
        assertThat(send(HttpRequest.newBuilder(gateway("/api/strangler"))).statusCode())
                .isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(gateway("/api/actuator/strangler")))
                        .statusCode())
                .isEqualTo(404);
    }

    private Map<String, Integer> readFromManyCallers(int reads) throws Exception {
        Map<String, Integer> servedBy = new HashMap<>();
        List<Future<Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < reads; i++) {
                String address = "127.1." + (i / 250) + "." + (i % 250 + 1);
                String token = callers().get(i % callers().size());
                int order = i + 1;
                answers.add(pool.submit(() -> get(address, token, "/api/orders/" + order)));
            }
        }
        for (Future<Answer> future : answers) {
            Answer answer = future.get();
            assertThat(answer.status()).as("status").isEqualTo(200);
            servedBy.merge(answer.servedBy(), 1, Integer::sum);
        }
        return servedBy;
    }

    private static StringRedisTemplate redisTemplate() {
        redisConnections.afterPropertiesSet();
        redisConnections.start();
        return new StringRedisTemplate(redisConnections);
    }

    private int readModelPercent() throws Exception {
        return json.readTree(send(HttpRequest.newBuilder(management("/actuator/strangler")))
                        .body())
                .get("readModelPercent")
                .asInt();
    }

    private String redisKey() {
        return properties.strangler().redisKey();
    }

    private void setReadModelPercent(int percent) throws Exception {
        assertThat(postWeight(percent).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> postWeight(int percent) throws Exception {
        return send(HttpRequest.newBuilder(management("/actuator/strangler"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"readModelPercent\":" + percent + "}")));
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

    /** What a caller at {@code address} got: status, {@code X-Served-By}, body. */
    record Answer(int status, String servedBy, String body) {}

    /** Three token subjects: the platform's CLI client and two customers. */
    private static List<String> callers() {
        return CALLERS;
    }

    private static final List<String> CALLERS = List.of(
            AuthServerProcess.get().tokens().service(),
            AuthServerProcess.get().tokens().user("alice").accessToken(),
            AuthServerProcess.get().tokens().user("bob").accessToken());

    /** One GET with {@code token} over a socket bound to {@code address}, so the gateway sees that caller's address. */
    private Answer get(String address, String token, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String[] parts = raw.split("\r\n\r\n", 2);
            String[] head = parts[0].split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            String servedBy = null;
            for (String line : head) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-served-by:")) {
                    servedBy = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return new Answer(status, servedBy, parts.length > 1 ? parts[1] : "");
        }
    }

    private URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(
                request.timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + callers().getFirst())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
