package dev.shopfloor.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.KafkaTestClient;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * order-service against real Postgres and Kafka (embedded), with inventory-service's catalog API played by a small
 * real HTTP server.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopfloor.order.worker-id=7",
            // Retries and the circuit breaker have their own test (InventoryResilienceIT). Here one failing lookup is
            // one request, and the few failures some tests cause must not open the breaker for the tests after them.
            "shopfloor.order.inventory-client.retry.max-attempts=1",
            "shopfloor.order.inventory-client.circuit-breaker.sliding-window-size=1000",
            "shopfloor.order.inventory-client.circuit-breaker.minimum-number-of-calls=1000"
        })
@EmbeddedInfrastructure
class OrderServiceIT {

    private static final Duration KAFKA_WAIT = Duration.ofSeconds(60);
    private static final InventoryStub inventory = InventoryStub.start()
            .product("WIDGET-1", "12.50", "EUR")
            .product("GADGET-2", "3.20", "EUR")
            .product("GIZMO-3", "0.99", "EUR");
    private static final AtomicInteger customers = new AtomicInteger();
    private static KafkaTestClient kafka;

    @DynamicPropertySource
    static void inventoryUrl(DynamicPropertyRegistry registry) {
        registry.add("shopfloor.order.inventory-url", inventory::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void connectKafka() {
        if (kafka == null) {
            kafka = new KafkaTestClient(environment.getRequiredProperty("spring.kafka.bootstrap-servers"));
        }
    }

    @AfterEach
    void inventoryBackUp() {
        inventory.mode(InventoryStub.Mode.UP);
    }

    @AfterAll
    static void closeAll() {
        if (kafka != null) {
            kafka.close();
        }
        inventory.close();
    }

    // --- placement -------------------------------------------------------------------------------------------------

    @Test
    void placesOrderAndPublishesOrderCreated() throws Exception {
        String customer = newCustomer();

        HttpResponse<String> placed = post("""
                {"customerId":"%s","items":[{"sku":"WIDGET-1","quantity":2},{"sku":"GADGET-2","quantity":1}]}""".formatted(customer), null);

        assertThat(placed.statusCode()).isEqualTo(202);
        JsonNode accepted = json.readTree(placed.body());
        String orderId = accepted.get("orderId").asString();
        assertThat(accepted.get("orderId").isString()).isTrue();
        assertThat(orderId).matches("[1-9][0-9]{0,18}");
        assertThat(accepted.get("status").asString()).isEqualTo("PENDING");
        assertThat(placed.headers().firstValue("Location")).contains("/api/orders/" + orderId);
        assertThat(workerIdOf(Long.parseLong(orderId))).isEqualTo(7);

        JsonNode order = json.readTree(get("/api/orders/" + orderId).body());
        assertThat(order.get("orderId").asString()).isEqualTo(orderId);
        assertThat(order.get("customerId").asString()).isEqualTo(customer);
        assertThat(order.get("status").asString()).isEqualTo("PENDING");
        assertThat(order.has("rejectionReason")).isTrue();
        assertThat(order.get("rejectionReason").isNull()).isTrue();
        assertThat(order.get("total").get("amount").asString()).isEqualTo("28.20");
        assertThat(order.get("total").get("currency").asString()).isEqualTo("EUR");
        assertThat(order.get("items")).hasSize(2);
        assertThat(order.get("items").get(0).get("sku").asString()).isEqualTo("WIDGET-1");
        assertThat(order.get("items").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(order.get("items").get(0).get("unitPrice").get("amount").asString())
                .isEqualTo("12.50");
        Instant createdAt = Instant.parse(order.get("createdAt").asString());
        assertThat(order.get("createdAt").asString()).endsWith("Z");
        assertThat(Instant.parse(order.get("updatedAt").asString())).isEqualTo(createdAt);

        ConsumerRecord<String, String> event =
                kafka.awaitRecord(Topics.ORDER_EVENTS, r -> orderId.equals(r.key()), KAFKA_WAIT);
        assertThat(KafkaTestClient.header(event, MessageHeaders.MESSAGE_TYPE)).isEqualTo("order.OrderCreated.v1");
        assertThat(UUID.fromString(KafkaTestClient.header(event, MessageHeaders.MESSAGE_ID)))
                .isNotNull();
        assertThat(KafkaTestClient.header(event, MessageHeaders.CORRELATION_ID)).isEqualTo(orderId);
        assertThat(KafkaTestClient.header(event, MessageHeaders.SAGA_ID)).isNull();
        assertThat(Instant.parse(KafkaTestClient.header(event, MessageHeaders.OCCURRED_AT)))
                .isNotNull();
        Contracts.load().validate("order.OrderCreated.v1", event.value());
        JsonNode body = json.readTree(event.value());
        assertThat(body.get("orderId").asString()).isEqualTo(orderId);
        assertThat(body.get("customerId").asString()).isEqualTo(customer);
        assertThat(body.get("total").get("amount").asString()).isEqualTo("28.20");
        assertThat(body.get("items").get(1).get("unitPrice").get("amount").asString())
                .isEqualTo("3.20");
        assertThat(Instant.parse(body.get("createdAt").asString())).isEqualTo(createdAt);
    }

    @Test
    void rejectsBadInputWithProblemsAndStoresNothing() throws Exception {
        record Case(String name, String body, int status, String type) {}
        String hundredAndOneLines = IntStream.range(0, 101)
                .mapToObj(i -> "{\"sku\":\"SKU-" + i + "\",\"quantity\":1}")
                .collect(Collectors.joining(",", "[", "]"));
        List<Case> cases = List.of(
                new Case("empty items", "{\"customerId\":\"c-1\",\"items\":[]}", 400, "validation-failed"),
                new Case("missing items", "{\"customerId\":\"c-1\"}", 400, "validation-failed"),
                new Case(
                        "quantity 0",
                        "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":0}]}",
                        400,
                        "validation-failed"),
                new Case(
                        "missing customerId",
                        "{\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1}]}",
                        400,
                        "validation-failed"),
                new Case(
                        "invalid sku",
                        "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"no such/sku\",\"quantity\":1}]}",
                        400,
                        "validation-failed"),
                new Case(
                        "same sku twice",
                        "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1},"
                                + "{\"sku\":\"WIDGET-1\",\"quantity\":2}]}",
                        400,
                        "validation-failed"),
                new Case(
                        "101 lines",
                        "{\"customerId\":\"c-1\",\"items\":" + hundredAndOneLines + "}",
                        400,
                        "validation-failed"),
                new Case("malformed JSON", "{\"customerId\":\"c-1\",\"items\":[", 400, "malformed-request"),
                new Case(
                        "quantity not a number",
                        "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":\"two\"}]}",
                        400,
                        "malformed-request"),
                new Case("empty body", "", 400, "malformed-request"),
                new Case(
                        "unknown sku",
                        "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1},"
                                + "{\"sku\":\"NO-SUCH-SKU\",\"quantity\":1}]}",
                        422,
                        "unknown-sku"));

        for (Case c : cases) {
            long ordersBefore = count("orders");
            long outboxBefore = count("outbox");

            HttpResponse<String> response = post(c.body(), null);

            assertThat(response.statusCode()).as(c.name()).isEqualTo(c.status());
            JsonNode problem = assertProblem(response, c.type());
            if (c.type().equals("validation-failed")) {
                assertThat(problem.get("violations")).as(c.name()).isNotEmpty();
                assertThat(problem.get("violations").get(0).has("field")).isTrue();
            }
            if (c.type().equals("unknown-sku")) {
                assertThat(problem.get("skus").toString()).isEqualTo("[\"NO-SUCH-SKU\"]");
            }
            assertThat(count("orders")).as(c.name() + ": orders").isEqualTo(ordersBefore);
            assertThat(count("outbox")).as(c.name() + ": outbox").isEqualTo(outboxBefore);
        }
    }

    @Test
    void answersNotFoundForUnknownOrNonNumericOrders() throws Exception {
        for (String id : List.of("999", "abc", "-1", "0", "99999999999999999999")) {
            HttpResponse<String> response = get("/api/orders/" + id);

            assertThat(response.statusCode()).as(id).isEqualTo(404);
            JsonNode problem = assertProblem(response, "order-not-found");
            assertThat(problem.get("orderId").asString()).isEqualTo(id);
        }
    }

    @Test
    void answersInventoryFailuresWith503AndStoresNothing() throws Exception {
        String body =
                "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1}]}".formatted(newCustomer());
        for (InventoryStub.Mode mode : List.of(InventoryStub.Mode.FAILING, InventoryStub.Mode.SLOW)) {
            inventory.mode(mode);
            long ordersBefore = count("orders");

            HttpResponse<String> response = post(body, null);

            assertThat(response.statusCode()).as(mode.name()).isEqualTo(503);
            assertProblem(response, "inventory-unavailable");
            assertThat(response.headers().firstValue("Retry-After")).contains("5");
            assertThat(count("orders")).isEqualTo(ordersBefore);
        }
        inventory.mode(InventoryStub.Mode.UP);
        assertThat(post(body, null).statusCode()).isEqualTo(202);
    }

    // --- idempotency -----------------------------------------------------------------------------------------------

    @Test
    void answersTheSameOrderForTheSameIdempotencyKeyAndBody() throws Exception {
        String customer = newCustomer();
        String key = UUID.randomUUID().toString();
        String body =
                "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1},{\"sku\":\"GIZMO-3\",\"quantity\":4}]}"
                        .formatted(customer);
        String reordered =
                "{ \"items\": [{\"quantity\":4, \"sku\":\"GIZMO-3\"}, {\"sku\":\"WIDGET-1\",\"quantity\":1}], \"customerId\": \"%s\" }"
                        .formatted(customer);

        HttpResponse<String> first = post(body, key);
        HttpResponse<String> second = post(reordered, key);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(json.readTree(second.body())).isEqualTo(json.readTree(first.body()));
        assertThat(second.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(ordersOf(customer)).isEqualTo(1);
    }

    @Test
    void refusesTheSameIdempotencyKeyWithAnotherBody() throws Exception {
        String customer = newCustomer();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(
                "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1}]}".formatted(customer), key);
        assertThat(first.statusCode()).isEqualTo(202);

        HttpResponse<String> other = post(
                "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":2}]}".formatted(customer), key);

        assertThat(other.statusCode()).isEqualTo(409);
        JsonNode problem = assertProblem(other, "idempotency-key-reused");
        assertThat(problem.get("idempotencyKey").asString()).isEqualTo(key);
        assertThat(ordersOf(customer)).isEqualTo(1);
    }

    @Test
    void keepsTheIdempotencyKeysOfDifferentCallersApart() throws Exception {
        // the same key from alice and from a platform client: two orders, and neither caller learns of the other's
        String key = UUID.randomUUID().toString();
        String alice =
                "Bearer " + AuthServerProcess.get().tokens().user("alice").accessToken();
        HttpResponse<String> fromAlice =
                post(alice, "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1}]}", key);
        HttpResponse<String> fromPlatform = post(
                AuthServerProcess.get().bearer(),
                "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":2}]}",
                key);

        assertThat(fromAlice.statusCode()).as(fromAlice.body()).isEqualTo(202);
        assertThat(fromPlatform.statusCode()).as(fromPlatform.body()).isEqualTo(202);
        assertThat(json.readTree(fromPlatform.body()).get("orderId").asString())
                .isNotEqualTo(json.readTree(fromAlice.body()).get("orderId").asString());
        // and a caller's own key still refuses another body
        HttpResponse<String> again =
                post(alice, "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":3}]}", key);
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void refusesACustomerPlacingAnOrderForAnotherCustomer() throws Exception {
        String alice =
                "Bearer " + AuthServerProcess.get().tokens().user("alice").accessToken();
        String customer = newCustomer();

        HttpResponse<String> response = post(
                alice,
                "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1}]}".formatted(customer),
                null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertProblem(response, "forbidden");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void refusesIdempotencyKeysOfTheWrongLength() throws Exception {
        String body =
                "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1}]}".formatted(newCustomer());

        HttpResponse<String> response = post(body, "k".repeat(101));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(assertProblem(response, "validation-failed")
                        .get("violations")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("Idempotency-Key");
    }

    @Test
    void freesAnIdempotencyKeyOnceItExpired() throws Exception {
        String customer = newCustomer();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(
                "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1}]}".formatted(customer), key);
        assertThat(first.statusCode()).isEqualTo(202);
        // 24 h and a minute later (the default time to live is 24 h)
        jdbc.sql("update idempotency_key set created_at = created_at - interval '24 hours 1 minute' where key = :key")
                .param("key", key)
                .update();

        String otherBody =
                "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":2}]}".formatted(customer);
        HttpResponse<String> reused = post(otherBody, key);
        HttpResponse<String> replayed = post(otherBody, key);

        assertThat(reused.statusCode()).as(reused.body()).isEqualTo(202);
        String reusedId = json.readTree(reused.body()).get("orderId").asString();
        assertThat(reusedId)
                .isNotEqualTo(json.readTree(first.body()).get("orderId").asString());
        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(json.readTree(replayed.body()).get("orderId").asString()).isEqualTo(reusedId);
        assertThat(ordersOf(customer)).isEqualTo(2);
    }

    @Test
    void placesOneOrderForTwentyConcurrentRequestsWithOneKey() throws Exception {
        String customer = newCustomer();
        String key = UUID.randomUUID().toString();
        String body = "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"GADGET-2\",\"quantity\":3}]}".formatted(customer);
        ExecutorService threads = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Callable<HttpResponse<String>> call = () -> {
                    start.await();
                    return post(body, key);
                };
                responses.add(threads.submit(call));
            }
            start.countDown();
            Set<String> orderIds = new HashSet<>();
            for (Future<HttpResponse<String>> response : responses) {
                HttpResponse<String> answer = response.get();
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                orderIds.add(json.readTree(answer.body()).get("orderId").asString());
            }
            assertThat(orderIds).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(ordersOf(customer)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from idempotency_key where key = :key")
                        .param("key", key)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    // --- approval over Kafka ---------------------------------------------------------------------------------------

    @Test
    void approvesOrderOnApproveOrderAndRepliesOnSagaReplies() throws Exception {
        String orderId = placeOrder();
        String sagaId = UUID.randomUUID().toString();

        sendCommand(orderId, "order.ApproveOrder.v1", sagaId, "{\"orderId\":\"%s\"}".formatted(orderId));

        JsonNode order = awaitStatus(orderId, "APPROVED");
        assertThat(order.get("rejectionReason").isNull()).isTrue();
        assertThat(Instant.parse(order.get("updatedAt").asString()))
                .isAfterOrEqualTo(Instant.parse(order.get("createdAt").asString()));
        ConsumerRecord<String, String> reply = kafka.awaitRecord(
                Topics.SAGA_REPLIES,
                r -> orderId.equals(r.key())
                        && "order.OrderApproved.v1".equals(KafkaTestClient.header(r, MessageHeaders.MESSAGE_TYPE)),
                KAFKA_WAIT);
        assertThat(KafkaTestClient.header(reply, MessageHeaders.SAGA_ID)).isEqualTo(sagaId);
        assertThat(KafkaTestClient.header(reply, MessageHeaders.CORRELATION_ID)).isEqualTo(orderId);
        Contracts.load().validate("order.OrderApproved.v1", reply.value());
        assertThat(json.readTree(reply.value()).get("orderId").asString()).isEqualTo(orderId);

        // A second ApproveOrder (new message id) changes nothing and is answered again.
        sendCommand(orderId, "order.ApproveOrder.v1", sagaId, "{\"orderId\":\"%s\"}".formatted(orderId));
        List<ConsumerRecord<String, String>> replies = kafka.awaitRecords(
                Topics.SAGA_REPLIES,
                r -> orderId.equals(r.key())
                        && "order.OrderApproved.v1".equals(KafkaTestClient.header(r, MessageHeaders.MESSAGE_TYPE)),
                2,
                KAFKA_WAIT);
        assertThat(replies).hasSize(2);
        assertThat(json.readTree(get("/api/orders/" + orderId).body()).get("updatedAt"))
                .isEqualTo(order.get("updatedAt"));
    }

    @Test
    void rejectsOrderOnRejectOrderAndIgnoresALaterApproval() throws Exception {
        String orderId = placeOrder();
        String sagaId = UUID.randomUUID().toString();

        sendCommand(
                orderId,
                "order.RejectOrder.v1",
                sagaId,
                "{\"orderId\":\"%s\",\"reason\":\"OUT_OF_STOCK\"}".formatted(orderId));

        JsonNode order = awaitStatus(orderId, "REJECTED");
        assertThat(order.get("rejectionReason").asString()).isEqualTo("OUT_OF_STOCK");
        ConsumerRecord<String, String> reply = kafka.awaitRecord(
                Topics.SAGA_REPLIES,
                r -> orderId.equals(r.key())
                        && "order.OrderRejected.v1".equals(KafkaTestClient.header(r, MessageHeaders.MESSAGE_TYPE)),
                KAFKA_WAIT);
        assertThat(KafkaTestClient.header(reply, MessageHeaders.SAGA_ID)).isEqualTo(sagaId);
        Contracts.load().validate("order.OrderRejected.v1", reply.value());
        assertThat(json.readTree(reply.value()).get("reason").asString()).isEqualTo("OUT_OF_STOCK");

        // Approving a rejected order is refused quietly: no reply, no change, and the consumer moves on.
        sendCommand(orderId, "order.ApproveOrder.v1", sagaId, "{\"orderId\":\"%s\"}".formatted(orderId));
        String next = placeOrder();
        sendCommand(
                next, "order.ApproveOrder.v1", UUID.randomUUID().toString(), "{\"orderId\":\"%s\"}".formatted(next));
        awaitStatus(next, "APPROVED");
        assertThat(json.readTree(get("/api/orders/" + orderId).body())
                        .get("status")
                        .asString())
                .isEqualTo("REJECTED");
        assertThat(jdbc.sql(
                                "select count(*) from outbox where correlation_id = :id and message_type = 'order.OrderApproved.v1'")
                        .param("id", orderId)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void skipsARedeliveredCommand() throws Exception {
        String orderId = placeOrder();
        String messageId = UUID.randomUUID().toString();
        String payload = "{\"orderId\":\"%s\",\"reason\":\"TIMEOUT\"}".formatted(orderId);

        kafka.send(
                Topics.ORDER_COMMANDS, orderId, headers(messageId, "order.RejectOrder.v1", "saga-x", orderId), payload);
        kafka.send(
                Topics.ORDER_COMMANDS, orderId, headers(messageId, "order.RejectOrder.v1", "saga-x", orderId), payload);
        awaitStatus(orderId, "REJECTED");
        String marker = placeOrder();
        sendCommand(marker, "order.ApproveOrder.v1", "saga-y", "{\"orderId\":\"%s\"}".formatted(marker));
        awaitStatus(marker, "APPROVED");

        assertThat(jdbc.sql(
                                "select count(*) from outbox where correlation_id = :id and message_type = 'order.OrderRejected.v1'")
                        .param("id", orderId)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    // --- fallback errors and docs ----------------------------------------------------------------------------------

    @Test
    void answersProblemsForUnmappedPathsWrongMethodsAndMediaTypes() throws Exception {
        HttpResponse<String> unmapped = get("/api/nothing-here");
        assertThat(unmapped.statusCode()).isEqualTo(404);
        assertProblem(unmapped, "not-found");

        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(uri("/api/orders"))
                .header("Authorization", AuthServerProcess.get().bearer())
                .DELETE());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertProblem(wrongMethod, "method-not-allowed");

        HttpResponse<String> wrongType = send(HttpRequest.newBuilder(uri("/api/orders"))
                .header("Authorization", AuthServerProcess.get().bearer())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertProblem(wrongType, "unsupported-media-type");

        HttpResponse<String> errorPath = get("/error");
        assertThat(errorPath.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void publishesOpenApiDocument() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode document = json.readTree(docs.body());
        assertThat(document.get("paths").has("/api/orders")).isTrue();
        assertThat(document.get("paths").has("/error"))
                .as("the container's error path is no operation")
                .isFalse();
        // how to call it: a bearer JWT on every operation (infra/security's ServiceOpenApi)
        assertThat(document.at("/components/securitySchemes/bearer-jwt/scheme").asString())
                .isEqualTo("bearer");
        assertThat(document.at("/security/0").has("bearer-jwt")).isTrue();
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static String newCustomer() {
        return "customer-" + customers.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    private String placeOrder() throws IOException, InterruptedException {
        HttpResponse<String> placed = post(
                "{\"customerId\":\"%s\",\"items\":[{\"sku\":\"GIZMO-3\",\"quantity\":1}]}".formatted(newCustomer()),
                null);
        assertThat(placed.statusCode()).isEqualTo(202);
        return json.readTree(placed.body()).get("orderId").asString();
    }

    private void sendCommand(String orderId, String type, String sagaId, String payload) {
        kafka.send(
                Topics.ORDER_COMMANDS, orderId, headers(UUID.randomUUID().toString(), type, sagaId, orderId), payload);
    }

    private static Map<String, String> headers(String messageId, String type, String sagaId, String orderId) {
        return Map.of(
                MessageHeaders.MESSAGE_ID, messageId,
                MessageHeaders.MESSAGE_TYPE, type,
                MessageHeaders.SAGA_ID, sagaId,
                MessageHeaders.CORRELATION_ID, orderId,
                MessageHeaders.OCCURRED_AT, Instant.now().toString());
    }

    private JsonNode awaitStatus(String orderId, String status) throws Exception {
        long deadline = System.nanoTime() + KAFKA_WAIT.toNanos();
        JsonNode order;
        do {
            order = json.readTree(get("/api/orders/" + orderId).body());
            if (status.equals(order.get("status").asString())) {
                return order;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("order " + orderId + " did not become " + status + ": " + order);
    }

    private JsonNode assertProblem(HttpResponse<String> response, String slug) {
        assertThat(response.headers().firstValue("Content-Type"))
                .as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.has("type")).as(response.body()).isTrue();
        assertThat(problem.get("type").asString()).isEqualTo("https://shopfloor.dev/problems/" + slug);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
        return problem;
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private long ordersOf(String customer) {
        return jdbc.sql("select count(*) from orders where customer_id = :customer")
                .param("customer", customer)
                .query(Long.class)
                .single();
    }

    private static int workerIdOf(long id) {
        return (int) ((id >>> 12) & 1023);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", AuthServerProcess.get().bearer())
                .GET());
    }

    private HttpResponse<String> post(String body, String idempotencyKey) throws IOException, InterruptedException {
        return post(AuthServerProcess.get().bearer(), body, idempotencyKey);
    }

    private HttpResponse<String> post(String authorization, String body, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/orders"))
                .header("Authorization", authorization)
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
