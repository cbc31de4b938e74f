package dev.shopfloor.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.reservation.OrderId;
import dev.shopfloor.inventory.reservation.ReservationLine;
import dev.shopfloor.inventory.reservation.StockCommand;
import dev.shopfloor.inventory.reservation.StockReply;
import dev.shopfloor.inventory.reservation.StockReservation;
import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.KafkaTestClient;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inventory service against real Postgres and Kafka (infra/testing): its HTTP API, including bad input, and its
 * handling of the saga's stock commands, including duplicates, concurrency and poison records.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InventoryServiceIT {

    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final String PROBLEM_JSON = "application/problem+json";
    // Kafka outlives this class within the JVM; unique order ids and SKUs keep runs and tests apart.
    private static final AtomicLong ORDER_IDS = new AtomicLong(System.currentTimeMillis() * 1000);
    private static final Contracts CONTRACTS = Contracts.load();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    JsonMapper json;

    @Autowired
    StockReservation stockReservation;

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaTestClient kafka;

    @BeforeAll
    void connectKafka() {
        kafka = new KafkaTestClient(environment.getRequiredProperty("spring.kafka.bootstrap-servers"));
    }

    @AfterAll
    void closeKafka() {
        kafka.close();
    }

    @Test
    void createsAProductThenUpdatesIt() {
        String sku = newSku();

        Response created = put("/api/products/" + sku, product("Mechanical keyboard", "89.5", "EUR"));
        Response updated = put("/api/products/" + sku, product("Mechanical keyboard, 87 keys", "79.00", "EUR"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/products/" + sku);
        assertThat(created.body().get("sku").asString()).isEqualTo(sku);
        assertThat(created.body().get("name").asString()).isEqualTo("Mechanical keyboard");
        assertThat(created.body().get("price").get("amount").asString()).isEqualTo("89.50");
        assertThat(created.body().get("price").get("currency").asString()).isEqualTo("EUR");
        assertThat(created.body().get("available").asInt()).isZero();
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("Location")).isNull();
        Response read = get("/api/products/" + sku);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("name").asString()).isEqualTo("Mechanical keyboard, 87 keys");
        assertThat(read.body().get("price").get("amount").asString()).isEqualTo("79.00");
    }

    @Test
    void listsProductsInPagesSortedBySku() {
        for (int i = 0; i < 3; i++) {
            createProduct(newSku(), 0);
        }

        Response all = get("/api/products?size=100");
        Response firstTwo = get("/api/products?page=0&size=2");
        Response secondTwo = get("/api/products?page=1&size=2");
        Response byDefault = get("/api/products");

        assertThat(all.status()).isEqualTo(200);
        List<String> skus = skus(all.body());
        long total = all.body().get("totalElements").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3).isEqualTo(skus.size());
        assertThat(skus).isSorted();
        assertThat(skus(firstTwo.body())).isEqualTo(skus.subList(0, 2));
        assertThat(skus(secondTwo.body())).isEqualTo(skus.subList(2, Math.min(4, skus.size())));
        assertThat(firstTwo.body().get("page").asInt()).isZero();
        assertThat(secondTwo.body().get("page").asInt()).isEqualTo(1);
        assertThat(firstTwo.body().get("size").asInt()).isEqualTo(2);
        assertThat(firstTwo.body().get("totalPages").asLong()).isEqualTo((total + 1) / 2);
        assertThat(byDefault.body().get("size").asInt()).isEqualTo(20);
        assertThat(byDefault.body().get("page").asInt()).isZero();
    }

    @Test
    void rejectsBadPageRequestsWith400() {
        for (String query : List.of("size=101", "page=-1", "size=0", "page=abc")) {
            Response response = get("/api/products?" + query);

            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).as(query).startsWith(PROBLEM_JSON);
            assertThat(response.body().get("type").asString()).as(query).startsWith("https://shopfloor.dev/problems/");
        }
        assertThat(get("/api/products?size=101")
                        .body()
                        .get("violations")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("size");
    }

    @Test
    void rejectsAMalformedSkuWith400() {
        Response put = put("/api/products/not_a_sku", product("Thing", "1.00", "EUR"));
        Response read = get("/api/products/lower-case");

        assertThat(put.status()).isEqualTo(400);
        assertThat(put.contentType()).startsWith(PROBLEM_JSON);
        assertThat(put.body().get("type").asString()).isEqualTo("https://shopfloor.dev/problems/invalid-sku");
        assertThat(put.body().get("title").asString()).isEqualTo("Invalid SKU");
        assertThat(put.body().get("sku").asString()).isEqualTo("not_a_sku");
        assertThat(read.status()).isEqualTo(400);
    }

    @Test
    void answers404ForAnUnknownProduct() {
        String sku = newSku();

        Response response = get("/api/products/" + sku);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        assertThat(response.body().get("type").asString())
                .isEqualTo("https://shopfloor.dev/problems/product-not-found");
        assertThat(response.body().get("sku").asString()).isEqualTo(sku);
        assertThat(response.body().get("detail").asString()).contains(sku);
    }

    @Test
    void rejectsAMalformedOrInvalidBodyWith400AndWritesNothing() {
        String sku = newSku();
        List<String> bodies = List.of(
                "{\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}",
                product(" ", "1.00", "EUR"),
                product("x".repeat(201), "1.00", "EUR"),
                "{\"name\":\"Thing\"}",
                product("Thing", "abc", "EUR"),
                product("Thing", "1.00", ""),
                "{\"name\":\"Thing\",\"price\":",
                "[1,2,3]");

        for (String body : bodies) {
            Response response = put("/api/products/" + sku, body);

            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).as(body).startsWith(PROBLEM_JSON);
            assertThat(response.body().get("type").asString())
                    .as(body)
                    .isIn(
                            "https://shopfloor.dev/problems/validation-failed",
                            "https://shopfloor.dev/problems/malformed-request");
        }
        Response blankName = put("/api/products/" + sku, product(" ", "1.00", "EUR"));
        assertThat(blankName.body().get("violations").get(0).get("field").asString())
                .isEqualTo("name");
        assertThat(get("/api/products/" + sku).status()).isEqualTo(404);
    }

    @Test
    void rejectsAnUnacceptablePriceWith422AndWritesNothing() {
        String sku = newSku();
        String existing = newSku();
        createProduct(existing, 0);

        for (String body : List.of(
                product("Thing", "0.00", "EUR"),
                product("Thing", "-1.00", "EUR"),
                product("Thing", "1.234", "EUR"),
                product("Thing", "1.00", "USD"),
                product("Thing", "1.00", "XYZ"),
                product("Thing", "100000000000000000", "EUR"))) {
            Response created = put("/api/products/" + sku, body);
            Response updated = put("/api/products/" + existing, body);

            assertThat(created.status()).as(body).isEqualTo(422);
            assertThat(created.contentType()).as(body).startsWith(PROBLEM_JSON);
            assertThat(created.body().get("type").asString()).isEqualTo("https://shopfloor.dev/problems/invalid-price");
            assertThat(updated.status()).as(body).isEqualTo(422);
        }
        assertThat(get("/api/products/" + sku).status()).isEqualTo(404);
        assertThat(get("/api/products/" + existing)
                        .body()
                        .get("price")
                        .get("amount")
                        .asString())
                .isEqualTo("9.99");
    }

    @Test
    void answersProblemJsonOnBootsFallbackPaths() {
        Response unmapped = get("/api/nothing-here");
        Response wrongMethod = send(HttpRequest.newBuilder(uri("/api/products/SKU-1"))
                .header("Authorization", AuthServerProcess.get().bearer())
                .DELETE()
                .build());
        Response errorPage = get("/error");

        assertThat(unmapped.status()).isEqualTo(404);
        assertThat(unmapped.contentType()).startsWith(PROBLEM_JSON);
        assertThat(unmapped.body().get("type").asString()).isEqualTo("https://shopfloor.dev/problems/not-found");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.contentType()).startsWith(PROBLEM_JSON);
        assertThat(wrongMethod.body().get("type").asString())
                .isEqualTo("https://shopfloor.dev/problems/method-not-allowed");
        assertThat(errorPage.contentType()).startsWith(PROBLEM_JSON);
        assertThat(errorPage.body().get("status").asInt()).isEqualTo(errorPage.status());
    }

    @Test
    void servesItsOpenApiDocument() {
        Response docs = get("/v3/api-docs");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("paths").has("/api/products/{sku}")).isTrue();
        assertThat(docs.body().get("paths").has("/api/products/{sku}/stock")).isTrue();
    }

    @Test
    void addsReceivedUnitsToStock() {
        String sku = newSku();
        createProduct(sku, 0);

        Response first = post("/api/products/" + sku + "/stock", "{\"quantity\":5}");
        Response second = post("/api/products/" + sku + "/stock", "{\"quantity\":3}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(stockOf(first.body())).isEqualTo(new StockLevel(sku, 5, 0, 5));
        assertThat(stockOf(second.body())).isEqualTo(new StockLevel(sku, 8, 0, 8));
        assertThat(stock(sku)).isEqualTo(new StockLevel(sku, 8, 0, 8));
        assertThat(get("/api/products/" + sku).body().get("available").asInt()).isEqualTo(8);
    }

    @Test
    void rejectsAQuantityBelowOneWith400AndWritesNothing() {
        String sku = newSku();
        createProduct(sku, 4);

        for (String body : List.of("{\"quantity\":0}", "{\"quantity\":-1}", "{}", "{\"quantity\":\"many\"}", "{")) {
            Response response = post("/api/products/" + sku + "/stock", body);

            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).as(body).startsWith(PROBLEM_JSON);
        }
        assertThat(post("/api/products/" + sku + "/stock", "{\"quantity\":0}")
                        .body()
                        .get("violations")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("quantity");
        assertThat(stock(sku)).isEqualTo(new StockLevel(sku, 4, 0, 4));
    }

    @Test
    void answers404ForStockOfAnUnknownProduct() {
        String sku = newSku();

        Response added = post("/api/products/" + sku + "/stock", "{\"quantity\":1}");
        Response read = get("/api/products/" + sku + "/stock");

        assertThat(added.status()).isEqualTo(404);
        assertThat(added.contentType()).startsWith(PROBLEM_JSON);
        assertThat(added.body().get("type").asString()).isEqualTo("https://shopfloor.dev/problems/product-not-found");
        assertThat(read.status()).isEqualTo(404);
        assertThat(get("/api/products/" + sku).status()).isEqualTo(404);
    }

    @Test
    void rejectsStockThatWouldOverflowWith422() {
        String sku = newSku();
        createProduct(sku, Integer.MAX_VALUE);

        Response response = post("/api/products/" + sku + "/stock", "{\"quantity\":1}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body().get("type").asString())
                .isEqualTo("https://shopfloor.dev/problems/illegal-stock-change");
        assertThat(stock(sku).onHand()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void reservesStockThenCommitsItAnsweringWithTheSagaId() {
        String sku = newSku();
        createProduct(sku, 5);
        String order = newOrderId();
        String saga = UUID.randomUUID().toString();

        sendCommand("inventory.ReserveStock.v1", order, saga, reserveStock(order, Map.of(sku, 2)));
        ConsumerRecord<String, String> reserved = awaitReply(order, "inventory.StockReserved.v1");

        assertThat(reserved.key()).isEqualTo(order);
        assertThat(KafkaTestClient.header(reserved, MessageHeaders.SAGA_ID)).isEqualTo(saga);
        assertThat(KafkaTestClient.header(reserved, MessageHeaders.CORRELATION_ID))
                .isEqualTo(order);
        assertThat(KafkaTestClient.header(reserved, MessageHeaders.MESSAGE_ID)).isNotBlank();
        assertThat(read(reserved.value()).get("orderId").asString()).isEqualTo(order);
        CONTRACTS.validate("inventory.StockReserved.v1", reserved.value());
        assertThat(stock(sku)).isEqualTo(new StockLevel(sku, 5, 2, 3));

        sendCommand("inventory.CommitStock.v1", order, saga, "{\"orderId\":\"" + order + "\"}");
        ConsumerRecord<String, String> committed = awaitReply(order, "inventory.StockCommitted.v1");

        assertThat(KafkaTestClient.header(committed, MessageHeaders.SAGA_ID)).isEqualTo(saga);
        CONTRACTS.validate("inventory.StockCommitted.v1", committed.value());
        assertThat(stock(sku)).isEqualTo(new StockLevel(sku, 3, 0, 3));
    }

    @Test
    void answersStockUnavailableAndReservesNothingWhenALineIsShort() {
        String sku = newSku();
        String unknown = newSku();
        createProduct(sku, 5);
        String order = newOrderId();
        String saga = UUID.randomUUID().toString();
        Map<String, Integer> lines = new java.util.TreeMap<>(Map.of(sku, 2, unknown, 1));

        sendCommand("inventory.ReserveStock.v1", order, saga, reserveStock(order, lines));
        ConsumerRecord<String, String> reply = awaitReply(order, "inventory.StockUnavailable.v1");

        assertThat(KafkaTestClient.header(reply, MessageHeaders.SAGA_ID)).isEqualTo(saga);
        CONTRACTS.validate("inventory.StockUnavailable.v1", reply.value());
        JsonNode shortages = read(reply.value()).get("shortages");
        assertThat(shortages.size()).isEqualTo(1);
        assertThat(shortages.get(0).get("sku").asString()).isEqualTo(unknown);
        assertThat(shortages.get(0).get("requested").asInt()).isEqualTo(1);
        assertThat(shortages.get(0).get("available").asInt()).isZero();
        assertThat(stock(sku)).isEqualTo(new StockLevel(sku, 5, 0, 5));
    }

    @Test
    void releasesAReservationIdempotently() {
        String sku = newSku();
        createProduct(sku, 5);
        String order = newOrderId();
        String never = newOrderId();
        sendCommand("inventory.ReserveStock.v1", order, "s", reserveStock(order, Map.of(sku, 4)));
        awaitReply(order, "inventory.StockReserved.v1");

        sendCommand("inventory.ReleaseStock.v1", order, "s", "{\"orderId\":\"" + order + "\"}");
        sendCommand("inventory.ReleaseStock.v1", order, "s", "{\"orderId\":\"" + order + "\"}");
        sendCommand("inventory.ReleaseStock.v1", never, "s", "{\"orderId\":\"" + never + "\"}");

        List<ConsumerRecord<String, String>> released =
                kafka.awaitRecords(Topics.SAGA_REPLIES, reply(order, "inventory.StockReleased.v1"), 2, AWAIT);
        CONTRACTS.validate("inventory.StockReleased.v1", released.getFirst().value());
        awaitReply(never, "inventory.StockReleased.v1");
        assertThat(stock(sku)).isEqualTo(new StockLevel(sku, 5, 0, 5));
    }

    @Test
    void handlesARedeliveredMessageOnce() {
        String sku = newSku();
        createProduct(sku, 5);
        String order = newOrderId();
        Map<String, String> headers = headers("inventory.ReserveStock.v1", order, "s");
        String payload = reserveStock(order, Map.of(sku, 2));

        kafka.send(Topics.INVENTORY_COMMANDS, order, headers, payload);
        kafka.send(Topics.INVENTORY_COMMANDS, order, headers, payload);
        // A later command on the same key (same partition) proves the duplicate has been consumed by then.
        sendCommand("inventory.ReleaseStock.v1", order, "s", "{\"orderId\":\"" + order + "\"}");
        awaitReply(order, "inventory.StockReleased.v1");

        assertThatThrownBy(() -> kafka.awaitRecords(
                        Topics.SAGA_REPLIES, reply(order, "inventory.StockReserved.v1"), 2, Duration.ofSeconds(5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found 1");
        assertThat(stock(sku)).isEqualTo(new StockLevel(sku, 5, 0, 5));
    }

    @Test
    void reservesOnceWhenTheSameOrderAsksTwice() {
        String sku = newSku();
        createProduct(sku, 5);
        String order = newOrderId();

        sendCommand("inventory.ReserveStock.v1", order, "s", reserveStock(order, Map.of(sku, 2)));
        sendCommand("inventory.ReserveStock.v1", order, "s", reserveStock(order, Map.of(sku, 2)));

        kafka.awaitRecords(Topics.SAGA_REPLIES, reply(order, "inventory.StockReserved.v1"), 2, AWAIT);
        assertThat(stock(sku)).isEqualTo(new StockLevel(sku, 5, 2, 3));
    }

    @Test
    void neverOversellsWhenOrdersRaceThroughKafka() throws Exception {
        String sku = newSku();
        createProduct(sku, 10);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(newOrderId());
        }
        Set<String> orderSet = Set.copyOf(orders);

        try (ExecutorService senders = Executors.newFixedThreadPool(20)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> sent = new ArrayList<>();
            for (String order : orders) {
                sent.add(senders.submit(() -> {
                    start.await();
                    sendCommand("inventory.ReserveStock.v1", order, "s", reserveStock(order, Map.of(sku, 1)));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : sent) {
                future.get();
            }
        }
        List<ConsumerRecord<String, String>> replies =
                kafka.awaitRecords(Topics.SAGA_REPLIES, record -> orderSet.contains(record.key()), 20, AWAIT);

        Map<String, Long> byType = replies.stream()
                .collect(Collectors.groupingBy(
                        record -> KafkaTestClient.header(record, MessageHeaders.MESSAGE_TYPE), Collectors.counting()));
        assertThat(byType)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("inventory.StockReserved.v1", 10L, "inventory.StockUnavailable.v1", 10L));
        assertThat(stock(sku)).isEqualTo(new StockLevel(sku, 10, 10, 0));
    }

    @Test
    void neverOversellsWhenReservationsRaceInTheDatabase() throws Exception {
        String widget = newSku();
        String gadget = newSku();
        createProduct(widget, 10);
        createProduct(gadget, 10);
        List<Callable<StockReply>> reservations = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 20; i++) {
            OrderId order = OrderId.parse(newOrderId());
            // Half the orders name the SKUs in one order, half in the other: no deadlock either way.
            List<ReservationLine> lines = new ArrayList<>(
                    List.of(new ReservationLine(Sku.of(widget), 1), new ReservationLine(Sku.of(gadget), 1)));
            if (i % 2 == 0) {
                lines = lines.reversed();
            }
            StockCommand.ReserveStock command = new StockCommand.ReserveStock(order, lines);
            reservations.add(() -> {
                start.await();
                return stockReservation.handle(command);
            });
        }

        List<StockReply> replies = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(20)) {
            List<Future<StockReply>> futures =
                    reservations.stream().map(threads::submit).toList();
            start.countDown();
            for (Future<StockReply> future : futures) {
                replies.add(future.get());
            }
        }

        assertThat(replies.stream().filter(StockReply.StockReserved.class::isInstance))
                .hasSize(10);
        assertThat(replies.stream().filter(StockReply.StockUnavailable.class::isInstance))
                .hasSize(10);
        assertThat(stock(widget)).isEqualTo(new StockLevel(widget, 10, 10, 0));
        assertThat(stock(gadget)).isEqualTo(new StockLevel(gadget, 10, 10, 0));
    }

    @Test
    void sendsAPoisonRecordToTheDeadLetterTopicAndGoesOn() {
        String sku = newSku();
        createProduct(sku, 5);
        String order = newOrderId();
        String poisonId = UUID.randomUUID().toString();
        String unknownTypeId = UUID.randomUUID().toString();
        Map<String, String> poisonHeaders = new HashMap<>(headers("inventory.ReserveStock.v1", order, "s"));
        poisonHeaders.put(MessageHeaders.MESSAGE_ID, poisonId);
        Map<String, String> unknownTypeHeaders = new HashMap<>(headers("inventory.StockTaking.v1", order, "s"));
        unknownTypeHeaders.put(MessageHeaders.MESSAGE_ID, unknownTypeId);

        kafka.send(Topics.INVENTORY_COMMANDS, order, poisonHeaders, "{\"orderId\": \"" + order + "\", items: [");
        kafka.send(Topics.INVENTORY_COMMANDS, order, unknownTypeHeaders, "{\"orderId\":\"" + order + "\"}");
        sendCommand("inventory.ReserveStock.v1", order, "s", reserveStock(order, Map.of(sku, 1)));

        ConsumerRecord<String, String> dead = kafka.awaitRecord(
                Topics.deadLetter(Topics.INVENTORY_COMMANDS),
                record -> poisonId.equals(KafkaTestClient.header(record, MessageHeaders.MESSAGE_ID)),
                AWAIT);
        ConsumerRecord<String, String> unknown = kafka.awaitRecord(
                Topics.deadLetter(Topics.INVENTORY_COMMANDS),
                record -> unknownTypeId.equals(KafkaTestClient.header(record, MessageHeaders.MESSAGE_ID)),
                AWAIT);
        awaitReply(order, "inventory.StockReserved.v1");

        assertThat(KafkaTestClient.header(dead, MessageHeaders.DEAD_LETTER_EXCEPTION))
                .isNotBlank();
        assertThat(KafkaTestClient.header(unknown, "kafka_dlt-exception-message"))
                .contains("inventory.StockTaking.v1");
        assertThat(stock(sku)).isEqualTo(new StockLevel(sku, 5, 1, 4));
    }

    // --- HTTP ---

    record Response(int status, HttpResponse<String> raw, JsonNode body) {

        String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    record StockLevel(String sku, int onHand, int reserved, int available) {}

    private Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", AuthServerProcess.get().bearer())
                .GET()
                .build());
    }

    private Response put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", AuthServerProcess.get().bearer())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", AuthServerProcess.get().bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? null : read(response.body());
            return new Response(response.statusCode(), response, body);
        } catch (Exception e) {
            throw new IllegalStateException("HTTP " + request.method() + " " + request.uri() + " failed", e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private JsonNode read(String text) {
        return json.readTree(text);
    }

    private static String product(String name, String amount, String currency) {
        return "{\"name\":\"" + name + "\",\"price\":{\"amount\":\"" + amount + "\",\"currency\":\"" + currency
                + "\"}}";
    }

    private void createProduct(String sku, int onHand) {
        assertThat(put("/api/products/" + sku, product("Product " + sku, "9.99", "EUR"))
                        .status())
                .isEqualTo(201);
        if (onHand > 0) {
            assertThat(post("/api/products/" + sku + "/stock", "{\"quantity\":" + onHand + "}")
                            .status())
                    .isEqualTo(200);
        }
    }

    private StockLevel stock(String sku) {
        Response response = get("/api/products/" + sku + "/stock");
        assertThat(response.status()).isEqualTo(200);
        return stockOf(response.body());
    }

    private static StockLevel stockOf(JsonNode body) {
        return new StockLevel(
                body.get("sku").asString(),
                body.get("onHand").asInt(),
                body.get("reserved").asInt(),
                body.get("available").asInt());
    }

    private static List<String> skus(JsonNode page) {
        List<String> skus = new ArrayList<>();
        page.get("content").forEach(product -> skus.add(product.get("sku").asString()));
        return skus;
    }

    private static String newSku() {
        return "IT-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
    }

    // --- Kafka ---

    private static String newOrderId() {
        return Long.toString(ORDER_IDS.incrementAndGet());
    }

    private static Map<String, String> headers(String type, String order, String saga) {
        return Map.of(
                MessageHeaders.MESSAGE_ID, UUID.randomUUID().toString(),
                MessageHeaders.MESSAGE_TYPE, type,
                MessageHeaders.SAGA_ID, saga,
                MessageHeaders.CORRELATION_ID, order,
                MessageHeaders.OCCURRED_AT, Instant.now().toString());
    }

    private void sendCommand(String type, String order, String saga, String payload) {
        kafka.send(Topics.INVENTORY_COMMANDS, order, headers(type, order, saga), payload);
    }

    private static String reserveStock(String order, Map<String, Integer> lines) {
        String items = lines.entrySet().stream()
                .map(line -> "{\"sku\":\"" + line.getKey() + "\",\"quantity\":" + line.getValue() + "}")
                .collect(Collectors.joining(","));
        return "{\"orderId\":\"" + order + "\",\"items\":[" + items + "]}";
    }

    private static java.util.function.Predicate<ConsumerRecord<String, String>> reply(String order, String type) {
        return record ->
                order.equals(record.key()) && type.equals(KafkaTestClient.header(record, MessageHeaders.MESSAGE_TYPE));
    }

    private ConsumerRecord<String, String> awaitReply(String order, String type) {
        return kafka.awaitRecord(Topics.SAGA_REPLIES, reply(order, type), AWAIT);
    }
}
