package dev.shopfloor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.local.ApiClient.Answer;
import dev.shopfloor.local.audit.PlatformAudit;
import dev.shopfloor.local.deadletter.DeadLetters;
import dev.shopfloor.local.deadletter.DeadLetters.DeadLetter;
import dev.shopfloor.testing.KafkaTestClient;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The fault suite (issue 5): the whole platform, started like {@code ./platform up}, with the saga's step deadline cut
 * to 5 s, survives the faults a real deployment sees and loses nothing. Every test asserts on what users and the
 * audit see: orders end APPROVED or REJECTED, stock and credit balance, no double charge, no oversell.
 *
 * <p>The tests share one platform (starting it is the expensive part) and run in order; each leaves the data
 * balanced, because the last one audits everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaFaultIT {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> SERVICES_TO_KILL =
            List.of("inventory-service", "order-service", "saga-orchestrator");
    private static final int BATCH = 40;

    private LocalPlatform platform;
    private ApiClient api;
    private KafkaTestClient kafka;
    /** Units put into stock per SKU by this test (initial + added), for the audit's on-hand check. */
    private final Map<String, Long> received = new ConcurrentHashMap<>();

    private final List<String> faults = new ArrayList<>();
    // what the platform reported while it ran (LocalPlatform's progress lines)
    private final List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    @BeforeAll
    void startPlatform() throws Exception {
        Path root = Path.of(System.getProperty("shopfloor.root", "../.."))
                .toAbsolutePath()
                .normalize();
        Path data = Files.createTempDirectory("shopfloor-faults");
        platform = LocalPlatform.start(
                // traces are checked by ObservabilityE2EIT; this suite spares the CPU a Zipkin server would take
                PlatformLayout.ephemeral(root, data).withoutZipkin(),
                line -> {
                    progress.add(line);
                    System.out.println("[faults] " + line);
                },
                Map.of(
                        "saga-orchestrator",
                        Map.of(
                                "SHOPFLOOR_SAGA_STEP_TIMEOUT",
                                STEP_TIMEOUT.toSeconds() + "s",
                                "SHOPFLOOR_SAGA_SWEEPER_INTERVAL",
                                "500ms"),
                        // a steady order stream and its status polls, all by one caller: lift the gateway's limits
                        // (rate limits are tested in the gateway module)
                        PlatformLayout.GATEWAY,
                        Map.of(
                                "SHOPFLOOR_GATEWAY_RATELIMITS_READS_REPLENISHRATE", "100000",
                                "SHOPFLOOR_GATEWAY_RATELIMITS_READS_BURSTCAPACITY", "100000",
                                "SHOPFLOOR_GATEWAY_RATELIMITS_PLACEMENT_REPLENISHRATE", "100000",
                                "SHOPFLOOR_GATEWAY_RATELIMITS_PLACEMENT_BURSTCAPACITY", "100000")));
        api = new ApiClient(platform.layout().gatewayUrl(), platform.tokens().service());
        kafka = new KafkaTestClient(platform.kafka().bootstrapServers());
    }

    @AfterAll
    void stopPlatform() {
        System.out.println("[faults] figures: " + figures);
        System.out.println("[faults] faults injected (" + faults.size() + "): " + faults);
        if (kafka != null) {
            kafka.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void placesOneOrderForTwentyConcurrentRequestsWithOneIdempotencyKey() throws Exception {
        product("FAULT-KEY", "4.00", 10);
        account("fault-key", "100.00");
        Map<String, Object> body = order("fault-key", Map.of("FAULT-KEY", 1));
        String key = UUID.randomUUID().toString();

        List<Future<Answer>> answers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.post("/api/orders", body, Map.of("Idempotency-Key", key));
                }));
            }
            go.countDown();
        }
        Set<String> orderIds = new HashSet<>();
        for (Future<Answer> answer : answers) {
            assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(202);
            orderIds.add(answer.get().json().get("orderId").asString());
        }
        Answer otherBody =
                api.post("/api/orders", order("fault-key", Map.of("FAULT-KEY", 2)), Map.of("Idempotency-Key", key));

        assertThat(orderIds).hasSize(1);
        assertThat(count("orders", "select count(*) from orders where customer_id = 'fault-key'"))
                .isEqualTo(1);
        assertThat(otherBody.status()).isEqualTo(409);
        assertThat(otherBody.contentType()).startsWith("application/problem+json");
        assertThat(awaitFinal(orderIds.iterator().next()).get("status").asString())
                .isEqualTo("APPROVED");
    }

    @Test
    @Order(2)
    void deadLettersAPoisonCommandOnEachCommandTopicAndProcessesTheOneBehindIt() throws Exception {
        product("FAULT-POISON", "2.00", 5);
        account("fault-poison", "100.00");
        String approved = placeOrder("fault-poison", Map.of("FAULT-POISON", 1));
        assertThat(awaitFinal(approved).get("status").asString()).isEqualTo("APPROVED");
        String unknownOrder = fakeOrderId();

        Map<String, String> poisons = new LinkedHashMap<>();
        // inventory: a broken ReserveStock, then a ReleaseStock of an order that holds nothing (answered all the same)
        poisons.put("inventory.commands", sendPoison("inventory.commands", unknownOrder, "inventory.ReserveStock.v1"));
        String inventorySaga =
                sendCommand("inventory.commands", unknownOrder, "inventory.ReleaseStock.v1", orderIdBody(unknownOrder));
        // payment: a broken AuthorizePayment, then a VoidPayment of an order without an authorization
        poisons.put("payment.commands", sendPoison("payment.commands", unknownOrder, "payment.AuthorizePayment.v1"));
        String paymentSaga =
                sendCommand("payment.commands", unknownOrder, "payment.VoidPayment.v1", orderIdBody(unknownOrder));
        // order: a broken RejectOrder, then an ApproveOrder of the approved order (answered again, nothing changes)
        poisons.put("order.commands", sendPoison("order.commands", approved, "order.RejectOrder.v1"));
        String orderSaga = sendCommand("order.commands", approved, "order.ApproveOrder.v1", orderIdBody(approved));

        awaitReply(unknownOrder, "inventory.StockReleased.v1", inventorySaga);
        awaitReply(unknownOrder, "payment.PaymentVoided.v1", paymentSaga);
        awaitReply(approved, "order.OrderApproved.v1", orderSaga);
        try (DeadLetters deadLetters = new DeadLetters(platform.kafka().bootstrapServers())) {
            for (Map.Entry<String, String> poison : poisons.entrySet()) {
                DeadLetter letter = awaitDeadLetter(deadLetters, poison.getKey() + ".DLT", poison.getValue());
                assertThat(letter.originalTopic()).isEqualTo(poison.getKey());
                assertThat(letter.exception()).isNotBlank().isNotEqualTo("?");
                assertThat(letter.exceptionMessage()).isNotBlank();
            }
        }
        assertThat(awaitFinal(approved).get("status").asString()).isEqualTo("APPROVED");
        faults.add("poison record on inventory.commands, payment.commands, order.commands");
    }

    @Test
    @Order(3)
    void appliesACommandDeliveredTwiceOnceAndAReplayedDeadLetterOnce() throws Exception {
        account("fault-dup", "1000.00");
        String orderId = fakeOrderId();
        String sagaId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        String authorize = authorizeBody(orderId, "fault-dup", "10.00");

        send("payment.commands", orderId, "payment.AuthorizePayment.v1", sagaId, messageId, authorize, Map.of());
        send("payment.commands", orderId, "payment.AuthorizePayment.v1", sagaId, messageId, authorize, Map.of());
        // the same command again under a new message id, as a resending orchestrator would send it
        sendCommand("payment.commands", orderId, "payment.AuthorizePayment.v1", authorize);
        awaitReplies(orderId, "payment.PaymentAuthorized.v1", 2);
        assertThat(awaitAccount("fault-dup", "10.00", "0.00")).isTrue();

        // a dead letter of a command that never ran (its transaction rolled back), replayed twice: it runs once
        String replayOrder = fakeOrderId();
        String replayId = UUID.randomUUID().toString();
        send(
                "payment.commands.DLT",
                replayOrder,
                "payment.AuthorizePayment.v1",
                sagaId,
                replayId,
                authorizeBody(replayOrder, "fault-dup", "2.50"),
                Map.of(
                        "kafka_dlt-original-topic", "payment.commands",
                        "kafka_dlt-exception-fqcn", "org.springframework.dao.QueryTimeoutException",
                        "kafka_dlt-exception-message", "simulated transient failure"));
        try (DeadLetters deadLetters = new DeadLetters(platform.kafka().bootstrapServers())) {
            Predicate<DeadLetter> thatOne = letter -> replayId.equals(letter.messageId());
            assertThat(deadLetters.replay("payment.commands.DLT", thatOne)).hasSize(1);
            assertThat(deadLetters.replay("payment.commands.DLT", thatOne)).hasSize(1);
        }
        awaitReply(replayOrder, "payment.PaymentAuthorized.v1", sagaId);
        assertThat(awaitAccount("fault-dup", "12.50", "0.00")).isTrue();
        assertThat(count(
                        "payments",
                        "select count(*) from payment_authorization where order_id in (" + orderId + ", " + replayOrder
                                + ")"))
                .isEqualTo(2);

        sendCommand("payment.commands", orderId, "payment.VoidPayment.v1", orderIdBody(orderId));
        sendCommand("payment.commands", replayOrder, "payment.VoidPayment.v1", orderIdBody(replayOrder));
        assertThat(awaitAccount("fault-dup", "0.00", "0.00")).isTrue();
        // exactly one reply to the replayed command: the second replay was skipped by the inbox
        awaitReplies(replayOrder, "payment.PaymentAuthorized.v1", 1);
        assertThatThrownBy(() -> kafka.awaitRecords(
                        "saga.replies", reply(replayOrder, "payment.PaymentAuthorized.v1"), 2, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found 1");
        faults.add("duplicate command; dead letter replayed twice");
    }

    @Test
    @Order(4)
    void rejectsOrdersForTimeoutAndReleasesStockAndCreditWhileAParticipantHangs() throws Exception {
        product("FAULT-HANG", "3.00", 10);
        account("fault-hang", "100.00");

        platform.pause("payment-service");
        faults.add("SIGSTOP payment-service");
        Map<String, Instant> placedAt = new LinkedHashMap<>();
        try {
            for (int i = 0; i < 3; i++) {
                placedAt.put(placeOrder("fault-hang", Map.of("FAULT-HANG", 1)), Instant.now());
            }
            // reservation (inventory answers) + authorization deadline + sweep + rejection; generous for a busy CI box
            Duration limit = STEP_TIMEOUT.multipliedBy(2).plusSeconds(20);
            for (Map.Entry<String, Instant> placed : placedAt.entrySet()) {
                JsonNode order = awaitFinal(placed.getKey());
                Duration took = Duration.between(placed.getValue(), Instant.now());
                assertThat(order.get("status").asString()).isEqualTo("REJECTED");
                assertThat(order.get("rejectionReason").asString()).isEqualTo("TIMEOUT");
                assertThat(took).as("time to TIMEOUT").isLessThan(limit);
                figures.merge(
                        "hung participant: slowest TIMEOUT (s)",
                        took.toMillis() / 1000.0,
                        (a, b) -> Math.max((Double) a, (Double) b));
            }
            awaitStock("FAULT-HANG", 10, 0);
        } finally {
            platform.resume("payment-service");
        }
        // payment wakes up, authorizes what it was asked before, then voids it
        assertThat(awaitAccount("fault-hang", "0.00", "0.00")).isTrue();
        for (String orderId : placedAt.keySet()) {
            awaitSagaState(orderId, "COMPENSATED");
        }
    }

    @Test
    @Order(5)
    void losesNothingWhileServicesAreKilledAndTheBrokerRestarts() throws Exception {
        // while orders flow: kill -9 payment-service in the middle of a batch of commands, then inventory-service,
        // order-service and saga-orchestrator, restarting each; then stop and restart the broker
        List<String> skus = List.of("FAULT-A", "FAULT-B", "FAULT-C", "FAULT-D");
        for (int i = 0; i < skus.size(); i++) {
            product(skus.get(i), (5 * (i + 1)) + ".00", 150);
        }
        List<String> customers = List.of("fault-c1", "fault-c2", "fault-c3", "fault-c4", "fault-poor");
        for (String customer : customers) {
            account(customer, customer.equals("fault-poor") ? "40.00" : "2000.00");
        }
        account("fault-batch", "1000.00");
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(fakeOrderId());
        }
        Instant start = Instant.now();

        try (OrderStream stream = new OrderStream(api, customers, skus)) {
            stream.start(3);
            Thread.sleep(5_000);
            killPaymentServiceMidBatch(batch);
            Thread.sleep(5_000);
            for (String service : SERVICES_TO_KILL) {
                platform.kill(service);
                faults.add("kill -9 " + service);
                platform.restart(service);
                Thread.sleep(5_000);
            }
            platform.kafka().close();
            faults.add("stop Kafka broker");
            Thread.sleep(5_000);
            platform.kafka().start();
            Thread.sleep(5_000);
            stream.stop();

            figures.put("orders started", stream.started());
            figures.put("orders placed", stream.placed().size());
            figures.put("POST retries", stream.retries());
            assertThat(stream.failures())
                    .as("orders the platform refused or never accepted")
                    .isEmpty();
            awaitQuiet();
            figures.put("fault run (s)", Duration.between(start, Instant.now()).toSeconds());

            Map<String, Integer> outcomes = new TreeMap<>();
            for (String orderId : stream.placed()) {
                JsonNode order = api.get("/api/orders/" + orderId).json();
                String status = order.get("status").asString();
                assertThat(status).as("order " + orderId).isIn("APPROVED", "REJECTED");
                outcomes.merge(
                        status.equals("APPROVED")
                                ? status
                                : status + " " + order.get("rejectionReason").asString(),
                        1,
                        Integer::sum);
            }
            figures.put("outcomes", outcomes);
        }

        // the batch the payment consumer was killed in: every command applied once, then undone for the audit
        String inBatch = String.join(",", batch);
        assertThat(awaitAccount("fault-batch", BATCH + ".00", "0.00")).isTrue();
        assertThat(count("payments", "select count(*) from payment_authorization where order_id in (" + inBatch + ")"))
                .isEqualTo(BATCH);
        for (String orderId : batch) {
            sendCommand("payment.commands", orderId, "payment.VoidPayment.v1", orderIdBody(orderId));
        }
        assertThat(awaitAccount("fault-batch", "0.00", "0.00")).isTrue();

        PlatformAudit.Report report = PlatformAudit.of(platform.layout(), Duration.ZERO)
                .expectingReceived(received)
                .run();
        report.print(System.out, 10);
        assertThat(report.verdicts())
                .as("audit")
                .allSatisfy(verdict -> assertThat(verdict.result())
                        .as(verdict.invariant() + " " + verdict.violations())
                        .isEqualTo(PlatformAudit.Result.PASS));
        assertThat(count("sagas", "select count(*) from saga_instance where state not in ('COMPLETED', 'COMPENSATED')"))
                .as("sagas not finished")
                .isZero();
    }

    @Test
    @Order(6)
    void answersPlacement503AtOnceWhileInventoryIsDownAndRecoversWhenItIsBack() throws Exception {
        product("FAULT-BREAKER", "2.00", 100);
        account("breaker", "1000.00");
        platform.crash("inventory-service");
        faults.add("kill -9 inventory-service behind the platform's back (placement breaker)");
        // the runner says so (./platform up prints these lines), naming the service and its exit code
        await(
                "the runner reports inventory-service's exit",
                () -> progress.stream().anyMatch(line -> line.startsWith("inventory-service exited (code 137)")));
        try {
            for (int i = 0; i < 14; i++) {
                Answer answer = api.post("/api/orders", order("breaker", Map.of("FAULT-BREAKER", 1)));
                assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.header("Retry-After")).as("Retry-After").matches("[1-9][0-9]*");
            }
            // order-service's breaker on inventory-service is open: it answers without trying (and without waiting)
            String prometheus = new ApiClient(platform.layout().serviceUrl("order-service"))
                    .get("/actuator/prometheus")
                    .body();
            assertThat(prometheus)
                    .containsPattern(
                            "resilience4j_circuitbreaker_state\\{[^}]*name=\"inventory\"[^}]*state=\"open\"[^}]*} 1\\.0");
        } finally {
            platform.restart("inventory-service");
        }
        // once the open wait has passed, a trial call gets through and placement works again
        String[] placed = new String[1];
        await("placement after inventory-service is back", () -> {
            Answer answer = api.post("/api/orders", order("breaker", Map.of("FAULT-BREAKER", 1)));
            if (answer.status() == 202) {
                placed[0] = answer.json().get("orderId").asString();
                return true;
            }
            return false;
        });
        // the saga itself may time out (5 s steps here) while the restarted inventory-service's consumer waits for the
        // killed one's Kafka session to expire; either way the order ends, and for no other reason
        JsonNode order = awaitFinal(placed[0]);
        assertThat(order.get("status").asString() + " "
                        + order.get("rejectionReason").asString(""))
                .isIn("APPROVED ", "REJECTED TIMEOUT");
        // nothing was written for the refused placements: the customer has exactly the one order
        long[] listed = new long[1];
        await("the read model lists the order", () -> {
            listed[0] = api.get("/api/orders?customerId=breaker")
                    .json()
                    .get("totalElements")
                    .asLong();
            return listed[0] >= 1;
        });
        assertThat(listed[0]).isEqualTo(1);
    }

    /**
     * Holds the payment consumer (SIGSTOP) while a batch of {@code AuthorizePayment} commands queues up, lets it go,
     * and kills it (SIGKILL) a moment later, in the middle of the batch; then starts it again.
     */
    private void killPaymentServiceMidBatch(List<String> batch) throws Exception {
        String inBatch = String.join(",", batch);
        platform.pause("payment-service");
        for (String orderId : batch) {
            sendCommand(
                    "payment.commands",
                    orderId,
                    "payment.AuthorizePayment.v1",
                    authorizeBody(orderId, "fault-batch", "1.00"));
        }
        platform.resume("payment-service");
        Thread.sleep(300);
        platform.kill("payment-service");
        long applied =
                count("payments", "select count(*) from payment_authorization where order_id in (" + inBatch + ")");
        faults.add("kill -9 payment-service mid-batch (" + applied + "/" + batch.size() + " applied)");
        platform.restart("payment-service");
    }

    // --- waiting for quiet -----------------------------------------------------------------------------------------

    /** Every order is final and every saga finished; fails at once if a saga is parked. */
    private void awaitQuiet() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            long parked = count(
                    "sagas",
                    "select count(*) from saga_instance where state in ('COMPENSATION_FAILED', 'APPROVAL_FAILED')");
            assertThat(parked).as("parked sagas").isZero();
            long pending = count("orders", "select count(*) from orders where status = 'PENDING'");
            long open = count(
                    "sagas", "select count(*) from saga_instance where state not in ('COMPLETED', 'COMPENSATED')");
            if (pending == 0 && open == 0) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("not quiet after 4 minutes: "
                + count("orders", "select count(*) from orders where status = 'PENDING'") + " orders pending, "
                + count("sagas", "select count(*) from saga_instance where state not in ('COMPLETED', 'COMPENSATED')")
                + " sagas open");
    }

    // --- the public API ------------------------------------------------------------------------------------------

    private void product(String sku, String price, int stock) {
        Shop.product(api, sku, price, stock);
        received.merge(sku, (long) stock, Long::sum);
    }

    private void account(String customerId, String limit) {
        Shop.account(api, customerId, limit);
    }

    private static Map<String, Object> order(String customerId, Map<String, Integer> lines) {
        List<Map<String, Object>> items = new ArrayList<>();
        lines.forEach((sku, quantity) -> items.add(Map.of("sku", sku, "quantity", quantity)));
        return Map.of("customerId", customerId, "items", items);
    }

    private String placeOrder(String customerId, Map<String, Integer> lines) {
        Answer answer = api.post("/api/orders", order(customerId, lines));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().get("orderId").asString();
    }

    private JsonNode awaitFinal(String orderId) {
        JsonNode[] last = new JsonNode[1];
        await("order " + orderId + " final", () -> {
            Answer answer = api.get("/api/orders/" + orderId);
            last[0] = answer.json();
            return answer.status() == 200
                    && !"PENDING".equals(last[0].get("status").asString());
        });
        return last[0];
    }

    private void awaitSagaState(String orderId, String state) {
        await("saga of " + orderId + " " + state, () -> {
            Answer answer = api.get("/api/orders/" + orderId + "/saga");
            return answer.status() == 200
                    && state.equals(answer.json().get("state").asString());
        });
    }

    private void awaitStock(String sku, int onHand, int reserved) {
        await("stock of " + sku + " " + onHand + "/" + reserved, () -> {
            JsonNode stock = api.get("/api/products/" + sku + "/stock").json();
            return stock.get("onHand").asInt() == onHand
                    && stock.get("reserved").asInt() == reserved;
        });
    }

    private boolean awaitAccount(String customerId, String reserved, String used) {
        await("account of " + customerId + " reserved " + reserved + ", used " + used, () -> {
            Answer answer = api.get("/api/customers/" + customerId + "/account");
            if (answer.status() != 200) {
                return false;
            }
            JsonNode account = answer.json();
            return new BigDecimal(account.get("reserved").get("amount").asString()).compareTo(new BigDecimal(reserved))
                            == 0
                    && new BigDecimal(account.get("used").get("amount").asString()).compareTo(new BigDecimal(used))
                            == 0;
        });
        return true;
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // a service restarting: ask again
            }
            sleep(250);
        }
        throw new AssertionError("waited " + WAIT + " for " + what);
    }

    // --- playing the orchestrator on Kafka -------------------------------------------------------------------------

    private static String fakeOrderId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000L, Long.MAX_VALUE));
    }

    private static String orderIdBody(String orderId) {
        return "{\"orderId\": \"" + orderId + "\"}";
    }

    private static String authorizeBody(String orderId, String customerId, String amount) {
        return "{\"orderId\": \"" + orderId + "\", \"customerId\": \"" + customerId + "\", \"amount\": {\"amount\": \""
                + amount + "\", \"currency\": \"EUR\"}}";
    }

    /** Sends a command with a new message id and a new saga id; returns the saga id. */
    private String sendCommand(String topic, String orderId, String type, String body) {
        String sagaId = UUID.randomUUID().toString();
        send(topic, orderId, type, sagaId, UUID.randomUUID().toString(), body, Map.of());
        return sagaId;
    }

    /** Sends a record whose body is not JSON; returns its message id. */
    private String sendPoison(String topic, String orderId, String type) {
        String messageId = UUID.randomUUID().toString();
        send(topic, orderId, type, UUID.randomUUID().toString(), messageId, "{\"orderId\": ", Map.of());
        return messageId;
    }

    private void send(
            String topic,
            String orderId,
            String type,
            String sagaId,
            String messageId,
            String body,
            Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("message-id", messageId);
        headers.put("message-type", type);
        headers.put("saga-id", sagaId);
        headers.put("correlation-id", orderId);
        headers.put("occurred-at", Instant.now().toString());
        kafka.send(topic, orderId, headers, body);
    }

    private void awaitReply(String orderId, String type, String sagaId) {
        kafka.awaitRecord(
                "saga.replies",
                record -> orderId.equals(record.key())
                        && type.equals(KafkaTestClient.header(record, "message-type"))
                        && sagaId.equals(KafkaTestClient.header(record, "saga-id")),
                WAIT);
    }

    private void awaitReplies(String orderId, String type, int count) {
        kafka.awaitRecords("saga.replies", reply(orderId, type), count, WAIT);
    }

    private static Predicate<ConsumerRecord<String, String>> reply(String orderId, String type) {
        return record -> orderId.equals(record.key()) && type.equals(KafkaTestClient.header(record, "message-type"));
    }

    private static DeadLetter awaitDeadLetter(DeadLetters deadLetters, String topic, String messageId) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (DeadLetter letter : deadLetters.list(topic)) {
                if (messageId.equals(letter.messageId())) {
                    return letter;
                }
            }
            sleep(500);
        }
        throw new AssertionError("no dead letter " + messageId + " on " + topic);
    }

    // --- reading databases (the test's own bookkeeping) -----------------------------------------------------------

    private long count(String database, String sql) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(platform.postgres().jdbcUrl(database), database, database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
