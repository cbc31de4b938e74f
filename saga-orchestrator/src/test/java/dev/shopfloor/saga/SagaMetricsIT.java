package dev.shopfloor.saga;

import static dev.shopfloor.saga.SagaTestDriver.newOrderId;
import static dev.shopfloor.saga.SagaTestDriver.orderCreated;
import static dev.shopfloor.saga.SagaTestDriver.orderIdBody;
import static dev.shopfloor.saga.SagaTestDriver.paymentAuthorizedBody;
import static dev.shopfloor.saga.SagaTestDriver.reasonBody;
import static dev.shopfloor.saga.SagaTestDriver.stepLines;
import static dev.shopfloor.testing.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.saga.config.SagaProperties;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The saga metrics and the {@code saga.step} spans against real Postgres and Kafka: each saga is counted once, by its
 * outcome, however often its messages arrive, and each step it takes is a span tagged with its order and saga.
 *
 * <p>The orchestrator's clock is the system clock plus an offset the test can move forward, so a deadline passes
 * without waiting for it. Spans are caught in process by a Brave {@link SpanHandler}; the Zipkin export stays off in
 * tests. Every assertion compares with the value before the test's saga, so the tests may run in any order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedInfrastructure
@DirtiesContext
class SagaMetricsIT {

    private static SagaTestDriver driver;

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry registry;

    @Autowired
    CreateOrderSagas sagas;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    SagaProperties properties;

    @Autowired
    MovableClock clock;

    @Autowired
    SpanCatcher spans;

    @TestConfiguration(proxyBeanMethods = false)
    static class Instruments {

        @Bean
        MovableClock clock() {
            return new MovableClock();
        }

        @Bean
        SpanCatcher spanCatcher() {
            return new SpanCatcher();
        }
    }

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
    void countsAnApprovedSagaOnceThoughItsMessagesArriveTwice() throws Exception {
        Meters before = meters();
        String orderId = newOrderId();
        String created = UUID.randomUUID().toString();
        String body = orderCreated(orderId, "cust-2077", "29.97");
        driver.send(Topics.ORDER_EVENTS, orderId, "order.OrderCreated.v1", null, body, created);
        driver.send(Topics.ORDER_EVENTS, orderId, "order.OrderCreated.v1", null, body, created);
        driver.send(Topics.ORDER_EVENTS, orderId, "order.OrderCreated.v1", null, body);
        String sagaId = header(
                driver.awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReserveStock.v1"),
                MessageHeaders.SAGA_ID);
        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReserved.v1", sagaId, orderIdBody(orderId));
        driver.awaitCommand(Topics.PAYMENT_COMMANDS, orderId, "payment.AuthorizePayment.v1");
        driver.send(
                Topics.SAGA_REPLIES,
                orderId,
                "payment.PaymentAuthorized.v1",
                sagaId,
                paymentAuthorizedBody(orderId, "29.97"));
        driver.awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.ApproveOrder.v1");

        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockCommitted.v1", sagaId, orderIdBody(orderId));
        driver.send(Topics.SAGA_REPLIES, orderId, "payment.PaymentCaptured.v1", sagaId, orderIdBody(orderId));
        String approved = UUID.randomUUID().toString();
        driver.send(Topics.SAGA_REPLIES, orderId, "order.OrderApproved.v1", sagaId, orderIdBody(orderId), approved);
        // the last reply again: redelivered with its message id, then resent by the participant with a new one
        driver.send(Topics.SAGA_REPLIES, orderId, "order.OrderApproved.v1", sagaId, orderIdBody(orderId), approved);
        driver.send(Topics.SAGA_REPLIES, orderId, "order.OrderApproved.v1", sagaId, orderIdBody(orderId));
        // a reply noted after the end; being the last of this order's records, it is handled after the ones above
        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockCommitted.v1", sagaId, orderIdBody(orderId));
        awaitStepLine(orderId, "COMPLETED RECEIVED inventory.StockCommitted.v1");

        Meters after = meters();
        assertThat(after.started() - before.started()).isEqualTo(1);
        assertThat(after.completed() - before.completed()).isEqualTo(1);
        assertThat(after.approvedCount() - before.approvedCount()).isEqualTo(1);
        assertThat(after.rejectedCount() - before.rejectedCount()).isZero();
        assertThat(stepCount("RESERVING_STOCK", "succeeded") - before.steps("RESERVING_STOCK", "succeeded"))
                .isEqualTo(1);
        assertThat(stepCount("AUTHORIZING_PAYMENT", "succeeded") - before.steps("AUTHORIZING_PAYMENT", "succeeded"))
                .isEqualTo(1);
        assertThat(stepCount("APPROVING_ORDER", "succeeded") - before.steps("APPROVING_ORDER", "succeeded"))
                .isEqualTo(1);

        MutableSpan start = spans.await(orderId, "saga step STARTED", "order.OrderCreated.v1");
        assertThat(start.tag("saga.id")).isEqualTo(sagaId);
        assertThat(start.tag("step")).isEqualTo("STARTED");
        MutableSpan reserved = spans.await(orderId, "saga step RESERVING_STOCK", "inventory.StockReserved.v1");
        assertThat(reserved.tag("saga.id")).isEqualTo(sagaId);
        assertThat(reserved.tag("step")).isEqualTo("RESERVING_STOCK");
        // a child of the Kafka listener's span, which continues the record's trace
        MutableSpan listener = spans.await(span -> reserved.parentId() != null
                && reserved.parentId().equals(span.id())
                && span.kind() == brave.Span.Kind.CONSUMER);
        assertThat(listener.traceId()).isEqualTo(reserved.traceId());
    }

    @Test
    void countsEachRejectionByItsReason() throws Exception {
        Meters before = meters();

        String outOfStock = newOrderId();
        String outOfStockSaga = driver.startSaga(outOfStock, "cust-1", "5.00");
        driver.send(
                Topics.SAGA_REPLIES,
                outOfStock,
                "inventory.StockUnavailable.v1",
                outOfStockSaga,
                orderIdBody(outOfStock));
        driver.awaitCommand(Topics.ORDER_COMMANDS, outOfStock, "order.RejectOrder.v1");
        driver.send(
                Topics.SAGA_REPLIES,
                outOfStock,
                "order.OrderRejected.v1",
                outOfStockSaga,
                reasonBody(outOfStock, "OUT_OF_STOCK"));

        String declined = newOrderId();
        String declinedSaga = driver.startSaga(declined, "cust-1", "5.00");
        driver.send(Topics.SAGA_REPLIES, declined, "inventory.StockReserved.v1", declinedSaga, orderIdBody(declined));
        driver.awaitCommand(Topics.PAYMENT_COMMANDS, declined, "payment.AuthorizePayment.v1");
        driver.send(
                Topics.SAGA_REPLIES,
                declined,
                "payment.PaymentDeclined.v1",
                declinedSaga,
                reasonBody(declined, "INSUFFICIENT_CREDIT"));
        driver.awaitCommand(Topics.INVENTORY_COMMANDS, declined, "inventory.ReleaseStock.v1");
        driver.send(Topics.SAGA_REPLIES, declined, "inventory.StockReleased.v1", declinedSaga, orderIdBody(declined));
        driver.awaitCommand(Topics.ORDER_COMMANDS, declined, "order.RejectOrder.v1");
        String rejected = UUID.randomUUID().toString();
        String rejectedBody = reasonBody(declined, "PAYMENT_DECLINED");
        driver.send(Topics.SAGA_REPLIES, declined, "order.OrderRejected.v1", declinedSaga, rejectedBody, rejected);
        driver.send(Topics.SAGA_REPLIES, declined, "order.OrderRejected.v1", declinedSaga, rejectedBody, rejected);

        driver.awaitSagaState(outOfStock, "COMPENSATED");
        driver.awaitSagaState(declined, "COMPENSATED");
        Meters after = meters();
        assertThat(after.started() - before.started()).isEqualTo(2);
        assertThat(after.compensated("OUT_OF_STOCK") - before.compensated("OUT_OF_STOCK"))
                .isEqualTo(1);
        assertThat(after.compensated("PAYMENT_DECLINED") - before.compensated("PAYMENT_DECLINED"))
                .isEqualTo(1);
        assertThat(after.compensated("TIMEOUT") - before.compensated("TIMEOUT")).isZero();
        assertThat(after.completed() - before.completed()).isZero();
        assertThat(after.rejectedCount() - before.rejectedCount()).isEqualTo(2);
        assertThat(stepCount("RESERVING_STOCK", "failed") - before.steps("RESERVING_STOCK", "failed"))
                .isEqualTo(1);
        assertThat(stepCount("AUTHORIZING_PAYMENT", "failed") - before.steps("AUTHORIZING_PAYMENT", "failed"))
                .isEqualTo(1);
        assertThat(stepCount("RELEASING_STOCK", "succeeded") - before.steps("RELEASING_STOCK", "succeeded"))
                .isEqualTo(1);
        assertThat(stepCount("REJECTING_ORDER", "succeeded") - before.steps("REJECTING_ORDER", "succeeded"))
                .isEqualTo(2);
    }

    @Test
    void reportsASagaOverdueWhileNoSweepCanTakeItThenCountsItsTimeout() throws Exception {
        Meters before = meters();
        String orderId = newOrderId();
        String sagaId = driver.startSaga(orderId, "cust-1", "5.00");
        var saga = sagas.findByOrder(OrderId.parse(orderId)).orElseThrow();

        // a transaction holds the saga's row, as a handler that hangs would: the sweepers skip it
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            sagas.lock(saga.id());
            holding.countDown();
            await(release);
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(overdue()).isZero();
        Duration shift = properties
                .stepTimeout()
                .plus(properties.sweeper().overdueGrace())
                .plusSeconds(1);
        clock.moveForward(shift);
        assertThat(overdue()).isEqualTo(1);

        release.countDown();
        holder.get(30, TimeUnit.SECONDS);
        assertThat(driver.body(driver.awaitCommand(Topics.ORDER_COMMANDS, orderId, "order.RejectOrder.v1")))
                .containsEntry("reason", "TIMEOUT");
        driver.awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReleaseStock.v1");
        assertThat(overdue()).isZero();
        driver.send(Topics.SAGA_REPLIES, orderId, "inventory.StockReleased.v1", sagaId, orderIdBody(orderId));
        driver.send(Topics.SAGA_REPLIES, orderId, "order.OrderRejected.v1", sagaId, reasonBody(orderId, "TIMEOUT"));
        driver.awaitSagaState(orderId, "COMPENSATED");

        Meters after = meters();
        assertThat(after.compensated("TIMEOUT") - before.compensated("TIMEOUT")).isEqualTo(1);
        assertThat(after.rejectedCount() - before.rejectedCount()).isEqualTo(1);
        // measured from the stored creation time on the orchestrator's clock, which the test moved on
        assertThat(Duration.ofNanos((long) (after.rejectedNanos() - before.rejectedNanos())))
                .isGreaterThanOrEqualTo(shift);
        assertThat(stepCount("RESERVING_STOCK", "timed_out") - before.steps("RESERVING_STOCK", "timed_out"))
                .isEqualTo(1);
        MutableSpan deadline = spans.await(orderId, "saga step RESERVING_STOCK", "saga.DeadlinePassed");
        assertThat(deadline.tag("saga.id")).isEqualTo(sagaId);
        // the sweeper's thread has no trace of its own: the timeout continues the trace that started the saga
        MutableSpan start = spans.await(orderId, "saga step STARTED", "order.OrderCreated.v1");
        assertThat(deadline.traceId()).isEqualTo(start.traceId());
        MutableSpan resumed = spans.await(span -> "saga resumed".equals(span.name())
                && orderId.equals(span.tag("order.id"))
                && sagaId.equals(span.tag("saga.id")));
        assertThat(resumed.traceId()).isEqualTo(start.traceId());
    }

    private void awaitStepLine(String orderId, String line) throws Exception {
        Instant deadline = Instant.now().plus(SagaTestDriver.WAIT);
        List<String> lines = List.of();
        while (Instant.now().isBefore(deadline)) {
            lines = stepLines(driver.awaitSagaState(orderId, "COMPLETED"));
            if (lines.contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("saga of order " + orderId + " never logged " + line + "; last seen " + lines);
    }

    private double overdue() {
        return registry.get("shopfloor.saga.overdue").gauge().value();
    }

    private Meters meters() {
        return new Meters(this);
    }

    private double stepCount(String step, String outcome) {
        Timer timer = registry.find("shopfloor.saga.step.duration")
                .tags("step", step, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    /** The saga meters at one moment. */
    private record Meters(
            double started,
            double completed,
            Map<String, Double> compensated,
            double approvedCount,
            double rejectedCount,
            double rejectedNanos,
            Map<String, Double> steps) {

        Meters(SagaMetricsIT test) {
            this(
                    counter(test.registry, "shopfloor.saga.started"),
                    counter(test.registry, "shopfloor.saga.completed"),
                    Map.of(
                            "OUT_OF_STOCK",
                                    counter(test.registry, "shopfloor.saga.compensated", "reason", "OUT_OF_STOCK"),
                            "PAYMENT_DECLINED",
                                    counter(test.registry, "shopfloor.saga.compensated", "reason", "PAYMENT_DECLINED"),
                            "TIMEOUT", counter(test.registry, "shopfloor.saga.compensated", "reason", "TIMEOUT")),
                    duration(test.registry, "approved").count(),
                    duration(test.registry, "rejected").count(),
                    duration(test.registry, "rejected").totalTime(TimeUnit.NANOSECONDS),
                    stepCounts(test));
        }

        double compensated(String reason) {
            return compensated.get(reason);
        }

        double steps(String step, String outcome) {
            return steps.getOrDefault(step + "/" + outcome, 0.0);
        }

        private static Map<String, Double> stepCounts(SagaMetricsIT test) {
            return test.registry.find("shopfloor.saga.step.duration").timers().stream()
                    .collect(java.util.stream.Collectors.toMap(
                            timer -> timer.getId().getTag("step") + "/"
                                    + timer.getId().getTag("outcome"),
                            timer -> (double) timer.count()));
        }

        private static double counter(MeterRegistry registry, String name, String... tags) {
            Counter counter = registry.find(name).tags(tags).counter();
            assertThat(counter).as(name + " is registered").isNotNull();
            return counter.count();
        }

        private static Timer duration(MeterRegistry registry, String outcome) {
            Timer timer = registry.find("shopfloor.saga.duration")
                    .tag("outcome", outcome)
                    .timer();
            assertThat(timer)
                    .as("shopfloor.saga.duration " + outcome + " is registered")
                    .isNotNull();
            return timer;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The system clock, plus however far the test moved it on. */
    static final class MovableClock extends Clock {

        private volatile Duration offset = Duration.ZERO;

        void moveForward(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the orchestrator works in UTC");
        }
    }

    /** Keeps every span the orchestrator finishes, as Brave reports them. */
    static final class SpanCatcher extends SpanHandler {

        private final Queue<MutableSpan> finished = new ConcurrentLinkedQueue<>();

        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            finished.add(span);
            return true;
        }

        /** Waits for the saga step span of the order named {@code name} on {@code event}. */
        MutableSpan await(String orderId, String name, String event) throws InterruptedException {
            return await(span -> name.equals(span.name())
                    && orderId.equals(span.tag("order.id"))
                    && event.equals(span.tag("event")));
        }

        MutableSpan await(Predicate<MutableSpan> match) throws InterruptedException {
            Instant deadline = Instant.now().plus(SagaTestDriver.WAIT);
            while (Instant.now().isBefore(deadline)) {
                Optional<MutableSpan> found = finished.stream().filter(match).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no such span among " + finished.size() + " finished: " + finished);
        }
    }
}
