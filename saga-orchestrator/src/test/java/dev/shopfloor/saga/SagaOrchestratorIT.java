package dev.shopfloor.saga;

import static dev.shopfloor.saga.SagaTestDriver.command;
import static dev.shopfloor.saga.SagaTestDriver.newOrderId;
import static dev.shopfloor.saga.SagaTestDriver.orderCreated;
import static dev.shopfloor.saga.SagaTestDriver.orderIdBody;
import static dev.shopfloor.saga.SagaTestDriver.stepLines;
import static dev.shopfloor.saga.SagaTestDriver.steps;
import static dev.shopfloor.testing.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.saga.config.SagaProperties;
import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.CustomerId;
import dev.shopfloor.saga.createorder.Deadlines;
import dev.shopfloor.saga.createorder.Money;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.OrderLine;
import dev.shopfloor.saga.createorder.SagaCommand;
import dev.shopfloor.saga.createorder.SagaEvent;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaState;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.KafkaTestClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator against real Postgres and Kafka, with the test playing every participant by hand: it sends
 * {@code OrderCreated} and the replies, and reads the commands the orchestrator publishes through its outbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedInfrastructure
// each class's context consumes the shared topics in group saga-orchestrator: closed after the class, it takes no
// records of the next class's context
@DirtiesContext
class SagaOrchestratorIT {

    private static final Duration WAIT = SagaTestDriver.WAIT;
    private static SagaTestDriver driver;
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

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void connectKafka() {
        if (driver == null) {
            driver = new SagaTestDriver(environment.getRequiredProperty("spring.kafka.bootstrap-servers"), port, json);
            kafka = driver.kafka();
        }
    }

    @AfterAll
    static void closeKafka() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
    }

    @Test
    void approvesAnOrderWhenEveryParticipantAgrees() throws Exception {
        String orderId = newOrderId();
        driver.send(Topics.ORDER_EVENTS, orderId, "order.OrderShipped.v1", null, "{\"orderId\": \"" + orderId + "\"}");
        driver.send(
                Topics.ORDER_EVENTS,
                orderId,
                "order.OrderCreated.v1",
                null,
                orderCreated(orderId, "cust-2077", "29.97"));
        driver.send(
                Topics.ORDER_EVENTS,
                orderId,
                "order.OrderCreated.v1",
                null,
                orderCreated(orderId, "cust-2077", "29.97"));

        ConsumerRecord<String, String> reserve =
                driver.awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReserveStock.v1");
        String sagaId = header(reserve, MessageHeaders.SAGA_ID);
        assertThat(sagaId).isNotBlank();
        assertThat(header(reserve, MessageHeaders.CORRELATION_ID)).isEqualTo(orderId);
        assertThat(driver.body(reserve))
                .containsEntry("orderId", orderId)
                .containsEntry("items", List.of(Map.of("sku", "USB-C-CABLE-2M", "quantity", 3)));

        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));
        ConsumerRecord<String, String> authorize =
                driver.awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.AuthorizePayment.v1");
        assertThat(header(authorize, MessageHeaders.SAGA_ID)).isEqualTo(sagaId);
        assertThat(driver.body(authorize))
                .containsEntry("customerId", "cust-2077")
                .containsEntry("amount", Map.of("amount", "29.97", "currency", "EUR"));

        driver.send(
                Topics.SAGA_REPLIES,
                orderId,
                "payment.PaymentAuthorized.v1",
                sagaId,
                "{\"orderId\": \"" + orderId + "\", \"amount\": {\"amount\": \"29.97\", \"currency\": \"EUR\"}}");
        for (ConsumerRecord<String, String> command : List.of(
                driver.awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.CommitStock.v1"),
                driver.awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.CapturePayment.v1"),
                driver.awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.ApproveOrder.v1"))) {
            assertThat(header(command, MessageHeaders.SAGA_ID)).isEqualTo(sagaId);
        }

        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockCommitted.v1", sagaId, orderIdBody(orderId));
        driver.send(Topics.SAGA_REPLIES, orderId, "payment.PaymentCaptured.v1", sagaId, orderIdBody(orderId));
        driver.send(Topics.SAGA_REPLIES, orderId, "order.OrderApproved.v1", sagaId, orderIdBody(orderId));

        Map<String, Object> saga = driver.awaitSagaState(orderId, "COMPLETED");
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
        driver.assertNoRecord(Topics.deadLetter(Topics.ORDER_EVENTS), record -> orderId.equals(record.key()));
    }

    @Test
    void compensatesAnOrderWhosePaymentIsDeclined() throws Exception {
        String orderId = newOrderId();
        String sagaId = driver.startSaga(orderId, "cust-1042", "9999.00");

        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));
        driver.awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.AuthorizePayment.v1");

        driver.send(
                Topics.SAGA_REPLIES,
                orderId,
                "payment.PaymentDeclined.v1",
                sagaId,
                "{\"orderId\": \"" + orderId + "\", \"reason\": \"INSUFFICIENT_CREDIT\"}");
        driver.awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReleaseStock.v1");

        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReleased.v1", sagaId, orderIdBody(orderId));
        ConsumerRecord<String, String> reject =
                driver.awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.RejectOrder.v1");
        assertThat(driver.body(reject)).containsEntry("reason", "PAYMENT_DECLINED");

        driver.send(
                Topics.SAGA_REPLIES,
                orderId,
                "order.OrderRejected.v1",
                sagaId,
                "{\"orderId\": \"" + orderId + "\", \"reason\": \"PAYMENT_DECLINED\"}");

        Map<String, Object> saga = driver.awaitSagaState(orderId, "COMPENSATED");
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
        String sagaId = driver.startSaga(orderId, "cust-3310", "5.00");

        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockUnavailable.v1", sagaId, orderIdBody(orderId));
        ConsumerRecord<String, String> reject =
                driver.awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.RejectOrder.v1");
        assertThat(driver.body(reject)).containsEntry("reason", "OUT_OF_STOCK");

        // a late authorization, delivered twice with one message id: voided once
        String lateAuthorization = UUID.randomUUID().toString();
        String authorized =
                "{\"orderId\": \"" + orderId + "\", \"amount\": {\"amount\": \"5.00\", \"currency\": \"EUR\"}}";
        driver.send(
                Topics.SAGA_REPLIES, orderId, "payment.PaymentAuthorized.v1", sagaId, authorized, lateAuthorization);
        driver.send(
                Topics.SAGA_REPLIES, orderId, "payment.PaymentAuthorized.v1", sagaId, authorized, lateAuthorization);
        driver.send(
                Topics.SAGA_REPLIES,
                orderId,
                "order.OrderRejected.v1",
                sagaId,
                "{\"orderId\": \"" + orderId + "\", \"reason\": \"OUT_OF_STOCK\"}");

        Map<String, Object> saga = driver.awaitSagaState(orderId, "COMPENSATED");
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
        driver.awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.VoidPayment.v1");
        assertThatThrownBy(() -> kafka.awaitRecords(
                        Topics.PAYMENT_COMMANDS, command(orderId, "payment.VoidPayment.v1"), 2, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found 1");
    }

    /**
     * A participant can answer before the transaction that started the saga is visible to the orchestrator's reply
     * handler: the outbox relay reads the command from the WAL, where the commit is a moment before other sessions
     * see it (PostgreSQL documentation, "Logical Decoding": changes are sent once committed, not once visible). The
     * reply is retried, and applied once the saga is there; it was skipped, and the order timed out.
     */
    @Test
    void appliesAReplyThatArrivesBeforeItsSagaIsVisible() throws Exception {
        String template = newOrderId();
        String templateSaga = driver.startSaga(template, "cust-2077", "29.97");
        String orderId = newOrderId();
        String sagaId = UUID.randomUUID().toString();

        // a saga reserving stock, as the template's, written but not committed while its reply comes in
        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            try (PreparedStatement insert = writer.prepareStatement("""
                    insert into saga_instance
                    select * from jsonb_populate_record(null::saga_instance,
                        (select to_jsonb(s) || jsonb_build_object('saga_id', ?, 'order_id', ?)
                         from saga_instance s where saga_id = ?::uuid))
                    """)) {
                insert.setString(1, sagaId);
                insert.setLong(2, Long.parseLong(orderId));
                insert.setString(3, templateSaga);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));
            Thread.sleep(500); // the reply's first attempt finds no saga
            writer.commit();
        }

        ConsumerRecord<String, String> authorize =
                driver.awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.AuthorizePayment.v1");
        assertThat(header(authorize, MessageHeaders.SAGA_ID)).isEqualTo(sagaId);
        driver.assertNoRecord(Topics.deadLetter(Topics.SAGA_REPLIES), record -> orderId.equals(record.key()));
    }

    /** A reply whose saga never appears ends on the dead-letter topic, where an operator sees and can replay it. */
    @Test
    void deadLettersAReplyWhoseSagaNeverAppears() {
        String orderId = newOrderId();
        String reply = driver.send(
                Topics.SAGA_REPLIES,
                orderId,
                "inventory.StockReserved.v1",
                UUID.randomUUID().toString(),
                orderIdBody(orderId));

        ConsumerRecord<String, String> deadLetter = kafka.awaitRecord(
                Topics.deadLetter(Topics.SAGA_REPLIES),
                record -> reply.equals(header(record, MessageHeaders.MESSAGE_ID)),
                WAIT);
        assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("no saga");
    }

    @Test
    void deadLettersPoisonRepliesAndGoesOnWithTheNextOne() throws Exception {
        String orderId = newOrderId();
        String sagaId = driver.startSaga(orderId, "cust-2077", "29.97");

        String unknownType =
                driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockTeleported.v1", sagaId, orderIdBody(orderId));
        String notJson =
                driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, "{\"orderId\": ");
        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));

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

        driver.awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.AuthorizePayment.v1");
        assertThat(driver.awaitSagaState(orderId, "AUTHORIZING_PAYMENT")).containsEntry("sagaId", sagaId);
    }

    @Test
    void keepsTheCurrentStepsDeadlineAndRefusesAStaleUpdate() {
        OrderId orderId = OrderId.parse(newOrderId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Duration stepTimeout = properties.stepTimeout();
        Deadlines deadlines = properties.deadlines();
        SagaEvent.OrderCreated created = new SagaEvent.OrderCreated(
                orderId, new CustomerId("cust-1"), List.of(new OrderLine("PAD-XL", 1)), Money.of("15.00", "EUR"));
        CreateOrderSaga started =
                CreateOrderSaga.start(SagaId.random(), created, now, deadlines).saga();
        transactions.executeWithoutResult(status -> sagas.insert(started, now));

        CreateOrderSaga stored = sagas.findByOrder(orderId).orElseThrow();
        assertThat(stepTimeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(stored.deadlineAt()).contains(now.plus(stepTimeout));
        assertThat(stored.version()).isZero();

        CreateOrderSaga reserved = stored.handle(new SagaEvent.StockReserved(orderId), now.plusSeconds(1), deadlines)
                .saga();
        transactions.executeWithoutResult(status -> sagas.update(reserved, now.plusSeconds(1)));
        // a second writer that also read version 0
        CreateOrderSaga stale = stored.handle(new SagaEvent.StockUnavailable(orderId), now.plusSeconds(2), deadlines)
                .saga();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> sagas.update(stale, now.plusSeconds(2))))
                .isInstanceOf(OptimisticLockingFailureException.class);
        CreateOrderSaga after = sagas.findByOrder(orderId).orElseThrow();
        assertThat(after.state()).isEqualTo(SagaState.AUTHORIZING_PAYMENT);
        assertThat(after.version()).isEqualTo(1);
        assertThat(after.deadlineAt()).contains(now.plusSeconds(1).plus(stepTimeout));
        assertThat(after.rejectionReason()).isEmpty();
        assertThat(after.awaiting()).containsExactly(SagaCommand.Kind.AUTHORIZE_PAYMENT);
        assertThat(after.retries()).isZero();
        assertThat(after.parkedIn()).isEmpty();
    }

    @Test
    void answersAnUnknownOrderWithProblemDetails() throws Exception {
        HttpResponse<String> response = driver.get("/api/orders/123456789/saga");

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
        HttpResponse<String> response = driver.get("/api/orders/not-a-number/saga");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readValue(response.body(), Map.class))
                .containsEntry("type", "https://shopfloor.dev/problems/saga-not-found");
    }

    @Test
    void answersAnUnmappedUrlWithProblemDetails() throws Exception {
        HttpResponse<String> response = driver.get("/api/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readValue(response.body(), Map.class))
                .containsEntry("type", "https://shopfloor.dev/problems/not-found")
                .containsEntry("status", 404);
    }

    @Test
    void answersAWrongMethodWithProblemDetails() throws Exception {
        HttpResponse<String> response = driver.delete("/api/orders/123456789/saga");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readValue(response.body(), Map.class))
                .containsEntry("type", "https://shopfloor.dev/problems/method-not-allowed");
    }
}
