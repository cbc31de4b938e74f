package dev.shopfloor.saga;

import static dev.shopfloor.saga.SagaTestDriver.newOrderId;
import static dev.shopfloor.saga.SagaTestDriver.orderIdBody;
import static dev.shopfloor.saga.SagaTestDriver.paymentAuthorizedBody;
import static dev.shopfloor.saga.SagaTestDriver.reasonBody;
import static dev.shopfloor.saga.SagaTestDriver.stepLines;
import static dev.shopfloor.testing.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.CustomerId;
import dev.shopfloor.saga.createorder.Deadlines;
import dev.shopfloor.saga.createorder.Money;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.OrderLine;
import dev.shopfloor.saga.createorder.SagaEvent;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deadlines, late replies and parked compensations against real Postgres and Kafka, with short timeouts: every step
 * waits 2 s, approval and compensation steps resend once (after 2 s more) and are then parked. The test plays the
 * participants and stays silent where a participant would hang.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopfloor.saga.step-timeout=2s",
            "shopfloor.saga.retry.max-retries=1",
            "shopfloor.saga.retry.backoff-multiplier=1.0",
            "shopfloor.saga.retry.max-wait=2s",
            "shopfloor.saga.sweeper.interval=200ms"
        })
@EmbeddedInfrastructure
// each class's context consumes the shared topics in group saga-orchestrator: closed after the class, it takes no
// records of the next class's context
@DirtiesContext
class SagaDeadlinesIT {

    private static SagaTestDriver driver;

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
    Deadlines deadlines;

    @BeforeEach
    void connect() {
        if (driver == null) {
            driver = new SagaTestDriver(environment.getRequiredProperty("spring.kafka.bootstrap-servers"), port, json);
        }
    }

    @AfterAll
    static void disconnect() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
    }

    @Test
    void rejectsForTimeoutAndReleasesStockWhenInventoryNeverAnswers() throws Exception {
        String orderId = newOrderId();
        String sagaId = driver.startSaga(orderId, "cust-7", "29.97");

        // inventory stays silent past the deadline
        driver.awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReleaseStock.v1");
        assertThat(driver.body(driver.awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.RejectOrder.v1")))
                .containsEntry("reason", "TIMEOUT");
        driver.awaitSagaState(orderId, "REJECTING_ORDER");

        // then it wakes up: the reservation it made late is released again, never leaked
        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));
        driver.awaitCommands(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReleaseStock.v1", 2);
        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReleased.v1", sagaId, orderIdBody(orderId));
        driver.send(Topics.SAGA_REPLIES, orderId, "order.OrderRejected.v1", sagaId, reasonBody(orderId, "TIMEOUT"));

        Map<String, Object> saga = driver.awaitSagaState(orderId, "COMPENSATED");
        assertThat(saga).containsEntry("rejectionReason", "TIMEOUT").containsEntry("deadlineAt", null);
        // a slow test may see the compensation step resend once more before its replies arrive: a subsequence
        assertThat(stepLines(saga))
                .containsSubsequence(
                        "STARTED RECEIVED order.OrderCreated.v1",
                        "RESERVING_STOCK SENT inventory.ReserveStock.v1",
                        "RESERVING_STOCK TIMED_OUT saga.DeadlinePassed",
                        "REJECTING_ORDER SENT inventory.ReleaseStock.v1",
                        "REJECTING_ORDER SENT order.RejectOrder.v1",
                        "REJECTING_ORDER RECEIVED inventory.StockReserved.v1",
                        "REJECTING_ORDER SENT inventory.ReleaseStock.v1",
                        "REJECTING_ORDER RECEIVED inventory.StockReleased.v1",
                        "REJECTING_ORDER RECEIVED order.OrderRejected.v1")
                .endsWith("REJECTING_ORDER RECEIVED order.OrderRejected.v1");
    }

    @Test
    void voidsPaymentReleasesStockAndRejectsForTimeoutWhenPaymentNeverAnswers() throws Exception {
        String orderId = newOrderId();
        String sagaId = driver.startSaga(orderId, "cust-7", "12.00");
        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));
        driver.awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.AuthorizePayment.v1");

        // payment stays silent past the deadline: it may have authorized, so the saga voids as well
        driver.awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.VoidPayment.v1");
        driver.awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReleaseStock.v1");
        assertThat(driver.body(driver.awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.RejectOrder.v1")))
                .containsEntry("reason", "TIMEOUT");

        driver.send(
                Topics.SAGA_REPLIES,
                orderId,
                "payment.PaymentAuthorized.v1",
                sagaId,
                paymentAuthorizedBody(orderId, "12.00"));
        driver.awaitCommands(Topics.PAYMENT_COMMANDS, orderId, "payment.VoidPayment.v1", 2);
        driver.send(Topics.SAGA_REPLIES, orderId, "payment.PaymentVoided.v1", sagaId, orderIdBody(orderId));
        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReleased.v1", sagaId, orderIdBody(orderId));
        driver.send(Topics.SAGA_REPLIES, orderId, "order.OrderRejected.v1", sagaId, reasonBody(orderId, "TIMEOUT"));

        Map<String, Object> saga = driver.awaitSagaState(orderId, "COMPENSATED");
        assertThat(saga).containsEntry("rejectionReason", "TIMEOUT");
        // the approval never started: no capture, no commit
        driver.assertNoRecord(Topics.PAYMENT_COMMANDS, SagaTestDriver.command(orderId, "payment.CapturePayment.v1"));
    }

    @Test
    void resendsAnUnansweredRejectionThenParksItUntilAnOperatorRetries() throws Exception {
        String orderId = newOrderId();
        String sagaId = driver.startSaga(orderId, "cust-7", "5.00");
        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockUnavailable.v1", sagaId, orderIdBody(orderId));

        // the order service never answers: one resend, then parked
        driver.awaitCommands(Topics.ORDER_COMMANDS, orderId, "order.RejectOrder.v1", 2);
        Map<String, Object> parked = driver.awaitSagaState(orderId, "COMPENSATION_FAILED");
        assertThat(parked).containsEntry("deadlineAt", null).containsEntry("rejectionReason", "OUT_OF_STOCK");
        assertThat(stepLines(parked))
                .endsWith(
                        "REJECTING_ORDER TIMED_OUT saga.DeadlinePassed",
                        "REJECTING_ORDER SENT order.RejectOrder.v1",
                        "REJECTING_ORDER TIMED_OUT saga.DeadlinePassed");

        JsonListing listing = list("/admin/sagas?state=COMPENSATION_FAILED&size=100");
        assertThat(listing.status()).isEqualTo(200);
        Map<?, ?> listed = listing.saga(sagaId).orElseThrow();
        assertThat(listed.get("orderId")).isEqualTo(orderId);
        assertThat(listed.get("parkedIn")).isEqualTo("REJECTING_ORDER");
        assertThat(listed.get("awaiting")).isEqualTo(List.of("REJECT_ORDER"));
        assertThat(listed.get("retries")).isEqualTo(1);
        assertThat(list("/admin/sagas?size=100").saga(sagaId)).isPresent();
        assertThat(parkedGauge()).isGreaterThanOrEqualTo(1.0);

        HttpResponse<String> retried = driver.post("/admin/sagas/" + sagaId + "/retry");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(json.readValue(retried.body(), Map.class))
                .containsEntry("state", "REJECTING_ORDER")
                .containsEntry("parkedIn", null)
                .containsEntry("retries", 0);
        driver.awaitCommands(Topics.ORDER_COMMANDS, orderId, "order.RejectOrder.v1", 3);
        driver.send(
                Topics.SAGA_REPLIES, orderId, "order.OrderRejected.v1", sagaId, reasonBody(orderId, "OUT_OF_STOCK"));

        Map<String, Object> saga = driver.awaitSagaState(orderId, "COMPENSATED");
        assertThat(stepLines(saga)).contains("COMPENSATION_FAILED OPERATOR saga.RetryRequested");
        assertThat(list("/admin/sagas?state=COMPENSATION_FAILED&size=100").saga(sagaId))
                .isEmpty();

        HttpResponse<String> again = driver.post("/admin/sagas/" + sagaId + "/retry");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readValue(again.body(), Map.class))
                .containsEntry("type", "https://shopfloor.dev/problems/saga-not-parked")
                .containsEntry("state", "COMPENSATED");
    }

    @Test
    void takesALateReplyOfAParkedStepAndMovesOn() throws Exception {
        String orderId = newOrderId();
        String sagaId = driver.startSaga(orderId, "cust-7", "5.00");
        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));
        driver.send(
                Topics.SAGA_REPLIES,
                orderId,
                "payment.PaymentDeclined.v1",
                sagaId,
                reasonBody(orderId, "INSUFFICIENT_CREDIT"));
        driver.awaitSagaState(orderId, "COMPENSATION_FAILED");

        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReleased.v1", sagaId, orderIdBody(orderId));
        assertThat(driver.body(driver.awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.RejectOrder.v1")))
                .containsEntry("reason", "PAYMENT_DECLINED");
        driver.send(
                Topics.SAGA_REPLIES,
                orderId,
                "order.OrderRejected.v1",
                sagaId,
                reasonBody(orderId, "PAYMENT_DECLINED"));

        assertThat(driver.awaitSagaState(orderId, "COMPENSATED")).containsEntry("rejectionReason", "PAYMENT_DECLINED");
    }

    @Test
    void handlesADeadlineThatPassedWhileNoOrchestratorRan() throws Exception {
        // a saga as a crashed orchestrator left it: waiting for payment, its deadline long past
        OrderId orderId = OrderId.parse(newOrderId());
        Instant longAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        CreateOrderSaga waiting = CreateOrderSaga.start(SagaId.random(), created(orderId), longAgo, deadlines)
                .saga()
                .handle(new SagaEvent.StockReserved(orderId), longAgo, deadlines)
                .saga();
        transactions.executeWithoutResult(status -> sagas.insert(waiting, longAgo));

        String id = orderId.toString();
        driver.awaitCommand(Topics.PAYMENT_COMMANDS, id, "payment.VoidPayment.v1");
        driver.awaitCommand(Topics.INVENTORY_COMMANDS, id, "inventory.ReleaseStock.v1");
        assertThat(driver.body(driver.awaitCommand(Topics.ORDER_COMMANDS, id, "order.RejectOrder.v1")))
                .containsEntry("reason", "TIMEOUT");
        assertThat(header(
                        driver.awaitCommand(Topics.ORDER_COMMANDS, id, "order.RejectOrder.v1"), MessageHeaders.SAGA_ID))
                .isEqualTo(waiting.id().toString());
    }

    @Test
    void neverGivesOneOverdueSagaToTwoSweepsAtOnce() throws Exception {
        // deadlines far ahead, so the running sweeper leaves them alone; the test sweeps "a year from now"
        Instant inAYear = Instant.now().plus(Duration.ofDays(365));
        for (int i = 0; i < 2; i++) {
            OrderId orderId = OrderId.parse(newOrderId());
            Instant later = Instant.now().plus(Duration.ofDays(30 + i));
            CreateOrderSaga saga = CreateOrderSaga.start(SagaId.random(), created(orderId), later, deadlines)
                    .saga();
            transactions.executeWithoutResult(status -> sagas.insert(saga, Instant.now()));
        }
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        CompletableFuture<Optional<CreateOrderSaga>> first =
                CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
                    Optional<CreateOrderSaga> locked = sagas.lockNextDue(inAYear);
                    firstHolds.countDown();
                    await(secondDone);
                    return locked;
                }));
        assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
        Optional<CreateOrderSaga> second = transactions.execute(status -> sagas.lockNextDue(inAYear));
        secondDone.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isPresent();
        assertThat(second).isPresent();
        assertThat(second.get().id()).isNotEqualTo(first.get().orElseThrow().id());
    }

    @Test
    void answersAnUnknownSagaAndAnUnknownStateWithProblemDetails() throws Exception {
        HttpResponse<String> unknown = driver.post("/admin/sagas/6f1c9a52-4d1e-4f8e-9a57-3c2b1e0f9a11/retry");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readValue(unknown.body(), Map.class))
                .containsEntry("type", "https://shopfloor.dev/problems/saga-not-found")
                .containsEntry("sagaId", "6f1c9a52-4d1e-4f8e-9a57-3c2b1e0f9a11");

        HttpResponse<String> badState = driver.get("/admin/sagas?state=SLEEPING");
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        assertThat(driver.get("/admin/sagas?size=1000").statusCode()).isEqualTo(400);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static SagaEvent.OrderCreated created(OrderId orderId) {
        return new SagaEvent.OrderCreated(
                orderId, new CustomerId("cust-9"), List.of(new OrderLine("PAD-XL", 1)), Money.of("15.00", "EUR"));
    }

    private record JsonListing(int status, List<Map<?, ?>> sagas) {
        Optional<Map<?, ?>> saga(String sagaId) {
            return sagas.stream().filter(s -> sagaId.equals(s.get("sagaId"))).findFirst();
        }
    }

    private JsonListing list(String path) throws Exception {
        HttpResponse<String> response = driver.get(path);
        Map<?, ?> body = json.readValue(response.body(), Map.class);
        List<Map<?, ?>> listed = response.statusCode() == 200
                ? ((List<?>) body.get("sagas"))
                        .stream().<Map<?, ?>>map(s -> (Map<?, ?>) s).toList()
                : List.of();
        return new JsonListing(response.statusCode(), listed);
    }

    private double parkedGauge() throws Exception {
        String metrics = driver.get("/actuator/prometheus").body();
        return metrics.lines()
                .filter(line -> line.startsWith("shopfloor_saga_parked{") && line.contains("COMPENSATION_FAILED"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no shopfloor_saga_parked gauge in\n" + metrics));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
