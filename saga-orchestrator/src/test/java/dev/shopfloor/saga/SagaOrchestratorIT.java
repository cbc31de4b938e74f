package dev.shopfloor.saga;

import static dev.shopfloor.testing.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.saga.config.SagaProperties;
import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.CustomerId;
import dev.shopfloor.saga.createorder.Money;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.OrderLine;
import dev.shopfloor.saga.createorder.SagaEvent;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaState;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.KafkaTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator against real Postgres and Kafka, with the test playing every participant by hand: it sends
 * {@code OrderCreated} and the replies, and reads the commands the orchestrator publishes through its outbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedInfrastructure
class SagaOrchestratorIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Contracts CONTRACTS = Contracts.load();
    private static KafkaTestClient kafka;

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    JsonMapper json;

    @Autowired
    CreateOrderSagas sagas;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    SagaProperties properties;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void connectKafka() {
        if (kafka == null) {
            kafka = new KafkaTestClient(environment.getRequiredProperty("spring.kafka.bootstrap-servers"));
        }
    }

    @AfterAll
    static void closeKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void approvesAnOrderWhenEveryParticipantAgrees() throws Exception {
        String orderId = newOrderId();
        send(Topics.ORDER_EVENTS, orderId, "order.OrderShipped.v1", null, "{\"orderId\": \"" + orderId + "\"}");
        send(Topics.ORDER_EVENTS, orderId, "order.OrderCreated.v1", null, orderCreated(orderId, "cust-2077", "29.97"));
        send(Topics.ORDER_EVENTS, orderId, "order.OrderCreated.v1", null, orderCreated(orderId, "cust-2077", "29.97"));

        ConsumerRecord<String, String> reserve =
                awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReserveStock.v1");
        String sagaId = header(reserve, MessageHeaders.SAGA_ID);
        assertThat(sagaId).isNotBlank();
        assertThat(header(reserve, MessageHeaders.CORRELATION_ID)).isEqualTo(orderId);
        assertThat(body(reserve))
                .containsEntry("orderId", orderId)
                .containsEntry("items", List.of(Map.of("sku", "USB-C-CABLE-2M", "quantity", 3)));

        send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));
        ConsumerRecord<String, String> authorize =
                awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.AuthorizePayment.v1");
        assertThat(header(authorize, MessageHeaders.SAGA_ID)).isEqualTo(sagaId);
        assertThat(body(authorize))
                .containsEntry("customerId", "cust-2077")
                .containsEntry("amount", Map.of("amount", "29.97", "currency", "EUR"));

        send(
                Topics.SAGA_REPLIES,
                orderId,
                "payment.PaymentAuthorized.v1",
                sagaId,
                "{\"orderId\": \"" + orderId + "\", \"amount\": {\"amount\": \"29.97\", \"currency\": \"EUR\"}}");
        for (ConsumerRecord<String, String> command : List.of(
                awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.CommitStock.v1"),
                awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.CapturePayment.v1"),
                awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.ApproveOrder.v1"))) {
            assertThat(header(command, MessageHeaders.SAGA_ID)).isEqualTo(sagaId);
        }

        send(Topics.SAGA_REPLIES, orderId, "inventory.StockCommitted.v1", sagaId, orderIdBody(orderId));
        send(Topics.SAGA_REPLIES, orderId, "payment.PaymentCaptured.v1", sagaId, orderIdBody(orderId));
        send(Topics.SAGA_REPLIES, orderId, "order.OrderApproved.v1", sagaId, orderIdBody(orderId));

        Map<String, Object> saga = awaitSagaState(orderId, "COMPLETED");
        assertThat(saga)
                .containsEntry("sagaId", sagaId)
                .containsEntry("orderId", orderId)
                .containsEntry("rejectionReason", null);
        assertThat(stepLines(saga))
                .containsExactly(
                        "STARTED RECEIVED order.OrderCreated.v1",
                        "RESERVING_STOCK SENT inventory.ReserveStock.v1",
                        "RESERVING_STOCK RECEIVED inventory.StockReserved.v1",
                        "AUTHORIZING_PAYMENT SENT payment.AuthorizePayment.v1",
                        "AUTHORIZING_PAYMENT RECEIVED payment.PaymentAuthorized.v1",
                        "APPROVING_ORDER SENT inventory.CommitStock.v1",
                        "APPROVING_ORDER SENT payment.CapturePayment.v1",
                        "APPROVING_ORDER SENT order.ApproveOrder.v1",
                        "APPROVING_ORDER RECEIVED inventory.StockCommitted.v1",
                        "APPROVING_ORDER RECEIVED payment.PaymentCaptured.v1",
                        "APPROVING_ORDER RECEIVED order.OrderApproved.v1");
        for (Map<?, ?> step : steps(saga)) {
            assertThat(Instant.parse((String) step.get("at")))
                    .isBefore(Instant.now().plusSeconds(1));
            assertThat((String) step.get("at")).endsWith("Z");
        }
        // the second OrderCreated started no second saga, and the foreign event went nowhere near the DLT
        assertThatThrownBy(() -> kafka.awaitRecords(
                        Topics.INVENTORY_COMMANDS,
                        command(orderId, "inventory.ReserveStock.v1"),
                        2,
                        Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found 1");
        assertNoRecord(Topics.deadLetter(Topics.ORDER_EVENTS), record -> orderId.equals(record.key()));
    }

    @Test
    void compensatesAnOrderWhosePaymentIsDeclined() throws Exception {
        String orderId = newOrderId();
        send(
                Topics.ORDER_EVENTS,
                orderId,
                "order.OrderCreated.v1",
                null,
                orderCreated(orderId, "cust-1042", "9999.00"));
        String sagaId = header(
                awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReserveStock.v1"), MessageHeaders.SAGA_ID);

        send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));
        awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.AuthorizePayment.v1");

        send(
                Topics.SAGA_REPLIES,
                orderId,
                "payment.PaymentDeclined.v1",
                sagaId,
                "{\"orderId\": \"" + orderId + "\", \"reason\": \"INSUFFICIENT_CREDIT\"}");
        awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReleaseStock.v1");

        send(Topics.SAGA_REPLIES, orderId, "inventory.StockReleased.v1", sagaId, orderIdBody(orderId));
        ConsumerRecord<String, String> reject = awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.RejectOrder.v1");
        assertThat(body(reject)).containsEntry("reason", "PAYMENT_DECLINED");

        send(
                Topics.SAGA_REPLIES,
                orderId,
                "order.OrderRejected.v1",
                sagaId,
                "{\"orderId\": \"" + orderId + "\", \"reason\": \"PAYMENT_DECLINED\"}");

        Map<String, Object> saga = awaitSagaState(orderId, "COMPENSATED");
        assertThat(saga).containsEntry("rejectionReason", "PAYMENT_DECLINED");
        assertThat(stepLines(saga))
                .containsExactly(
                        "STARTED RECEIVED order.OrderCreated.v1",
                        "RESERVING_STOCK SENT inventory.ReserveStock.v1",
                        "RESERVING_STOCK RECEIVED inventory.StockReserved.v1",
                        "AUTHORIZING_PAYMENT SENT payment.AuthorizePayment.v1",
                        "AUTHORIZING_PAYMENT RECEIVED payment.PaymentDeclined.v1",
                        "RELEASING_STOCK SENT inventory.ReleaseStock.v1",
                        "RELEASING_STOCK RECEIVED inventory.StockReleased.v1",
                        "REJECTING_ORDER SENT order.RejectOrder.v1",
                        "REJECTING_ORDER RECEIVED order.OrderRejected.v1");
    }

    @Test
    void handlesADuplicateReplyOnceAndVoidsALateAuthorization() throws Exception {
        String orderId = newOrderId();
        send(Topics.ORDER_EVENTS, orderId, "order.OrderCreated.v1", null, orderCreated(orderId, "cust-3310", "5.00"));
        String sagaId = header(
                awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReserveStock.v1"), MessageHeaders.SAGA_ID);

        send(Topics.SAGA_REPLIES, orderId, "inventory.StockUnavailable.v1", sagaId, orderIdBody(orderId));
        ConsumerRecord<String, String> reject = awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.RejectOrder.v1");
        assertThat(body(reject)).containsEntry("reason", "OUT_OF_STOCK");

        // a late authorization, delivered twice with one message id: voided once
        String lateAuthorization = UUID.randomUUID().toString();
        String authorized =
                "{\"orderId\": \"" + orderId + "\", \"amount\": {\"amount\": \"5.00\", \"currency\": \"EUR\"}}";
        send(Topics.SAGA_REPLIES, orderId, "payment.PaymentAuthorized.v1", sagaId, authorized, lateAuthorization);
        send(Topics.SAGA_REPLIES, orderId, "payment.PaymentAuthorized.v1", sagaId, authorized, lateAuthorization);
        send(
                Topics.SAGA_REPLIES,
                orderId,
                "order.OrderRejected.v1",
                sagaId,
                "{\"orderId\": \"" + orderId + "\", \"reason\": \"OUT_OF_STOCK\"}");

        Map<String, Object> saga = awaitSagaState(orderId, "COMPENSATED");
        assertThat(saga).containsEntry("rejectionReason", "OUT_OF_STOCK");
        assertThat(stepLines(saga))
                .containsExactly(
                        "STARTED RECEIVED order.OrderCreated.v1",
                        "RESERVING_STOCK SENT inventory.ReserveStock.v1",
                        "RESERVING_STOCK RECEIVED inventory.StockUnavailable.v1",
                        "REJECTING_ORDER SENT order.RejectOrder.v1",
                        "REJECTING_ORDER RECEIVED payment.PaymentAuthorized.v1",
                        "REJECTING_ORDER SENT payment.VoidPayment.v1",
                        "REJECTING_ORDER RECEIVED order.OrderRejected.v1");
        awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.VoidPayment.v1");
        assertThatThrownBy(() -> kafka.awaitRecords(
                        Topics.PAYMENT_COMMANDS, command(orderId, "payment.VoidPayment.v1"), 2, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found 1");
    }

    @Test
    void deadLettersPoisonRepliesAndGoesOnWithTheNextOne() throws Exception {
        String orderId = newOrderId();
        send(Topics.ORDER_EVENTS, orderId, "order.OrderCreated.v1", null, orderCreated(orderId, "cust-2077", "29.97"));
        String sagaId = header(
                awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReserveStock.v1"), MessageHeaders.SAGA_ID);

        String unknownType =
                send(Topics.SAGA_REPLIES, orderId, "inventory.StockTeleported.v1", sagaId, orderIdBody(orderId));
        String notJson = send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, "{\"orderId\": ");
        send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));

        ConsumerRecord<String, String> deadLetter = kafka.awaitRecord(
                Topics.deadLetter(Topics.SAGA_REPLIES),
                record -> unknownType.equals(header(record, MessageHeaders.MESSAGE_ID)),
                WAIT);
        assertThat(header(deadLetter, MessageHeaders.DEAD_LETTER_EXCEPTION) + " "
                        + header(deadLetter, "kafka_dlt-exception-cause-fqcn"))
                .contains("PoisonMessageException");
        assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("inventory.StockTeleported.v1");
        kafka.awaitRecord(
                Topics.deadLetter(Topics.SAGA_REPLIES),
                record -> notJson.equals(header(record, MessageHeaders.MESSAGE_ID)),
                WAIT);

        awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.AuthorizePayment.v1");
        assertThat(awaitSagaState(orderId, "AUTHORIZING_PAYMENT")).containsEntry("sagaId", sagaId);
    }

    @Test
    void keepsTheCurrentStepsDeadlineAndRefusesAStaleUpdate() {
        OrderId orderId = OrderId.parse(newOrderId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Duration stepTimeout = properties.stepTimeout();
        SagaEvent.OrderCreated created = new SagaEvent.OrderCreated(
                orderId, new CustomerId("cust-1"), List.of(new OrderLine("PAD-XL", 1)), Money.of("15.00", "EUR"));
        CreateOrderSaga started = CreateOrderSaga.start(SagaId.random(), created, now, stepTimeout)
                .saga();
        transactions.executeWithoutResult(status -> sagas.insert(started, now));

        CreateOrderSaga stored = sagas.findByOrder(orderId).orElseThrow();
        assertThat(stepTimeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(stored.deadlineAt()).contains(now.plus(stepTimeout));
        assertThat(stored.version()).isZero();

        CreateOrderSaga reserved = stored.handle(new SagaEvent.StockReserved(orderId), now.plusSeconds(1), stepTimeout)
                .saga();
        transactions.executeWithoutResult(status -> sagas.update(reserved, now.plusSeconds(1)));
        // a second writer that also read version 0
        CreateOrderSaga stale = stored.handle(new SagaEvent.StockUnavailable(orderId), now.plusSeconds(2), stepTimeout)
                .saga();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> sagas.update(stale, now.plusSeconds(2))))
                .isInstanceOf(OptimisticLockingFailureException.class);
        CreateOrderSaga after = sagas.findByOrder(orderId).orElseThrow();
        assertThat(after.state()).isEqualTo(SagaState.AUTHORIZING_PAYMENT);
        assertThat(after.version()).isEqualTo(1);
        assertThat(after.deadlineAt()).contains(now.plusSeconds(1).plus(stepTimeout));
        assertThat(after.rejectionReason()).isEmpty();
    }

    @Test
    void answersAnUnknownOrderWithProblemDetails() throws Exception {
        HttpResponse<String> response = get("/api/orders/123456789/saga");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readValue(response.body(), Map.class))
                .containsEntry("type", "https://shopfloor.dev/problems/saga-not-found")
                .containsEntry("title", "Saga not found")
                .containsEntry("status", 404)
                .containsEntry("orderId", "123456789");
    }

    @Test
    void answersAnIdThatIsNoOrderIdWithNotFound() throws Exception {
        HttpResponse<String> response = get("/api/orders/not-a-number/saga");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readValue(response.body(), Map.class))
                .containsEntry("type", "https://shopfloor.dev/problems/saga-not-found");
    }

    @Test
    void answersAnUnmappedUrlWithProblemDetails() throws Exception {
        HttpResponse<String> response = get("/api/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readValue(response.body(), Map.class))
                .containsEntry("type", "https://shopfloor.dev/problems/not-found")
                .containsEntry("status", 404);
    }

    @Test
    void answersAWrongMethodWithProblemDetails() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/api/orders/123456789/saga"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readValue(response.body(), Map.class))
                .containsEntry("type", "https://shopfloor.dev/problems/method-not-allowed");
    }

    // --- playing the participants ---------------------------------------------------------------------------

    private static String newOrderId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000L, Long.MAX_VALUE));
    }

    private static String orderCreated(String orderId, String customerId, String total) {
        return """
                {"orderId": "%s", "customerId": "%s",
                 "items": [{"sku": "USB-C-CABLE-2M", "quantity": 3, "unitPrice": {"amount": "9.99", "currency": "EUR"}}],
                 "total": {"amount": "%s", "currency": "EUR"},
                 "createdAt": "2026-03-14T09:26:53.589Z"}""".formatted(orderId, customerId, total);
    }

    private static String orderIdBody(String orderId) {
        return "{\"orderId\": \"" + orderId + "\"}";
    }

    /** Sends a message with a new message id; returns the id. */
    private static String send(String topic, String orderId, String type, String sagaId, String body) {
        String messageId = UUID.randomUUID().toString();
        send(topic, orderId, type, sagaId, body, messageId);
        return messageId;
    }

    private static void send(String topic, String orderId, String type, String sagaId, String body, String messageId) {
        Map<String, String> headers = new HashMap<>();
        headers.put(MessageHeaders.MESSAGE_ID, messageId);
        headers.put(MessageHeaders.MESSAGE_TYPE, type);
        headers.put(MessageHeaders.CORRELATION_ID, orderId);
        headers.put(MessageHeaders.OCCURRED_AT, Instant.now().toString());
        if (sagaId != null) {
            headers.put(MessageHeaders.SAGA_ID, sagaId);
        }
        kafka.send(topic, orderId, headers, body);
    }

    /** Waits for the orchestrator's command, and checks its envelope and that its body keeps the contract. */
    private static ConsumerRecord<String, String> awaitCommand(String topic, String orderId, String type) {
        ConsumerRecord<String, String> record = kafka.awaitRecord(topic, command(orderId, type), WAIT);
        assertThat(header(record, MessageHeaders.MESSAGE_ID)).isNotBlank();
        assertThat(header(record, MessageHeaders.CORRELATION_ID)).isEqualTo(orderId);
        assertThat(header(record, MessageHeaders.OCCURRED_AT)).isNotBlank();
        CONTRACTS.validate(type, record.value());
        return record;
    }

    private static java.util.function.Predicate<ConsumerRecord<String, String>> command(String orderId, String type) {
        return record -> orderId.equals(record.key()) && type.equals(header(record, MessageHeaders.MESSAGE_TYPE));
    }

    private static void assertNoRecord(
            String topic, java.util.function.Predicate<ConsumerRecord<String, String>> match) {
        assertThatThrownBy(() -> kafka.awaitRecord(topic, match, Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(ConsumerRecord<String, String> record) {
        return json.readValue(record.value(), Map.class);
    }

    // --- reading the saga ----------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitSagaState(String orderId, String state) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        Map<String, Object> saga = Map.of();
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get("/api/orders/" + orderId + "/saga");
            if (response.statusCode() == 200) {
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                saga = json.readValue(response.body(), Map.class);
                if (state.equals(saga.get("state"))) {
                    return saga;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("saga of order " + orderId + " did not reach " + state + "; last seen " + saga);
    }

    private static List<Map<?, ?>> steps(Map<String, Object> saga) {
        return ((List<?>) saga.get("steps"))
                .stream().<Map<?, ?>>map(step -> (Map<?, ?>) step).toList();
    }

    private static List<String> stepLines(Map<String, Object> saga) {
        return steps(saga).stream()
                .map(step -> step.get("step") + " " + step.get("direction") + " " + step.get("message"))
                .toList();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
