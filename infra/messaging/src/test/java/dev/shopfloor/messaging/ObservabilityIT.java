package dev.shopfloor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.shopfloor.messaging.metrics.DeadLetterRecords;
import dev.shopfloor.messaging.metrics.OutboxWaiting;
import dev.shopfloor.messaging.metrics.ReplicationSlotRetained;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.messaging.outbox.Outbox;
import dev.shopfloor.messaging.relay.OutboxRelay;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.KafkaTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tracing and metrics of the messaging library in an application that has what a service has (Brave tracing,
 * actuator's meters, listener observation on), against real Postgres and Kafka. Spans are collected in-process by a
 * Brave {@link SpanHandler}; no collector runs.
 *
 * <p>The chain under test: a span writes an outbox row; the relay publishes it under a span of its own; a listener
 * handles it (its span continues the relay's) and writes an outbox row of its own; the relay publishes that one.
 */
@SpringBootTest
@EmbeddedInfrastructure
@DirtiesContext
@Import({ObservabilityIT.Fixture.class, ObservabilityIT.TracedListener.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityIT {

    static final String TRACED = "messaging-test.traced";
    static final String FORWARDED = "messaging-test.forwarded";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Tracer tracer;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Fixture fixture;

    @Autowired
    TracedListener listener;

    @Autowired
    Environment environment;

    KafkaTestClient kafka;

    @BeforeAll
    void connectAndWaitForTheRelayToStream() {
        kafka = new KafkaTestClient(environment.getRequiredProperty("spring.kafka.bootstrap-servers"));
        // The relay's first start takes a snapshot; a row committed meanwhile may be published twice. Counting tests
        // start once it streams.
        UUID warmUp = append(FORWARDED, "warm-up", null);
        awaitPublished(warmUp);
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @Test
    void publishesUnderASpanThatContinuesTheAppendersTraceAndConsumersContinueIt() {
        String orderId = "traced" + System.nanoTime();
        String sagaId = "saga-" + orderId;
        Span placing = tracer.nextSpan().name("place order").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(placing)) {
            append(TRACED, orderId, sagaId);
        } finally {
            placing.end();
        }
        String traceId = placing.context().traceId();

        ConsumerRecord<String, String> published = kafka.awaitRecord(TRACED, byKey(orderId), WAIT);
        assertThat(published.headers().headers(MessageHeaders.TRACEPARENT)).hasSize(1);
        Traceparent carried = Traceparent.of(published);
        MutableSpan publish = fixture.awaitSpan(span -> span.id().equals(carried.spanId()));
        assertThat(carried.traceId()).isEqualTo(traceId);
        assertThat(publish.name()).isEqualTo("outbox publish");
        assertThat(publish.kind()).isEqualTo(brave.Span.Kind.PRODUCER);
        assertThat(publish.remoteServiceName()).isEqualTo("kafka");
        assertThat(publish.parentId()).isEqualTo(placing.context().spanId());
        assertThat(publish.tags())
                .containsEntry("order.id", orderId)
                .containsEntry("saga.id", sagaId)
                .containsEntry("message.type", "test.Traced.v1")
                .containsEntry("messaging.destination.name", TRACED);

        MutableSpan consume = fixture.awaitSpan(
                span -> publish.id().equals(span.parentId()) && span.kind() == brave.Span.Kind.CONSUMER);
        assertThat(consume.traceId()).isEqualTo(traceId);
        assertThat(consume.tags())
                .containsEntry("order.id", orderId)
                .containsEntry("saga.id", sagaId)
                .containsEntry("message.type", "test.Traced.v1");
        TracedListener.Handled handled = listener.awaitHandled(orderId);
        assertThat(handled.mdc())
                .containsEntry("orderId", orderId)
                .containsEntry("sagaId", sagaId)
                .containsEntry("traceId", traceId)
                .containsEntry("spanId", consume.id());

        // the listener's own outbox row: stored under the consumer span, published under a span that continues it
        ConsumerRecord<String, String> forwarded = kafka.awaitRecord(FORWARDED, byKey(orderId), WAIT);
        Traceparent stored = Traceparent.parse(storedTraceparent(handled.forwardedId()));
        assertThat(stored.traceId()).isEqualTo(traceId);
        assertThat(stored.spanId()).isEqualTo(consume.id());
        MutableSpan republish = fixture.awaitSpan(
                span -> span.id().equals(Traceparent.of(forwarded).spanId()));
        assertThat(republish.parentId()).isEqualTo(consume.id());
        assertThat(republish.traceId()).isEqualTo(traceId);
    }

    @Test
    void leavesARecordWithoutTraceContextAsItIsAndItsConsumerStartsATrace() {
        String orderId = "untraced" + System.nanoTime();
        UUID id = append(TRACED, orderId, null);

        ConsumerRecord<String, String> published = kafka.awaitRecord(TRACED, byKey(orderId), WAIT);
        assertThat(storedTraceparent(id)).isNull();
        assertThat(published.headers().headers(MessageHeaders.TRACEPARENT)).isEmpty();
        MutableSpan consume = fixture.awaitSpan(
                span -> span.kind() == brave.Span.Kind.CONSUMER && orderId.equals(span.tag("order.id")));
        assertThat(consume.parentId()).isNull();
        assertThat(consume.tags()).doesNotContainKey("saga.id");
        assertThat(fixture.spans())
                .noneMatch(span ->
                        TRACED.equals(span.tag("messaging.destination.name")) && orderId.equals(span.tag("order.id")));
        assertThat(listener.awaitHandled(orderId).mdc()).doesNotContainKey("sagaId");
        kafka.awaitRecord(FORWARDED, byKey(orderId), WAIT);
    }

    @Test
    void emitsTheTraceparentAsATransactionalLogicalDecodingMessage() {
        String probe = "trace_probe_" + System.nanoTime();
        // a publication of no table: what the probe slot decodes is transaction boundaries and logical messages alone
        jdbc.sql("create publication " + probe).update();
        jdbc.sql("select pg_create_logical_replication_slot(?, 'pgoutput')")
                .param(probe)
                .query()
                .singleValue();
        try {
            // rolled back first: once the later commit is decoded, the earlier transaction would be too, if it could
            String rolledBack = appendInSpan(true);
            String committed = appendInSpan(false);

            // peek until the commit is flushed and decodable (commits may be flushed asynchronously)
            String decoded = await().atMost(WAIT)
                    .until(
                            () -> String.join(
                                    "\n",
                                    jdbc.sql("""
                                                    select encode(data, 'escape')
                                                    from pg_logical_slot_peek_binary_changes(?, null, null,
                                                        'proto_version', '1', 'publication_names', ?, 'messages', 'true')
                                                    """)
                                            .param(probe)
                                            .param(probe)
                                            .query(String.class)
                                            .list()),
                            changes -> changes.contains(committed));
            assertThat(decoded).contains(Outbox.TRACE_MESSAGE_PREFIX);
            assertThat(decoded).doesNotContain(rolledBack);
        } finally {
            jdbc.sql("select pg_drop_replication_slot(?)").param(probe).query().singleValue();
            jdbc.sql("drop publication " + probe).update();
        }
    }

    @Test
    void countsRowsAsWaitingUntilKafkaAcknowledgesThem() {
        await().atMost(WAIT).until(() -> waiting() == 0.0);
        relay.stop();
        UUID id;
        try {
            id = append(FORWARDED, "waiting" + System.nanoTime(), null);
            assertThat(waiting()).isEqualTo(1.0);
        } finally {
            relay.start();
        }
        awaitPublished(id);
        assertThat(waiting()).isEqualTo(0.0);
    }

    @Test
    void marksARowThatARestartLeftUnmarkedOnceTheSlotConfirmsAPositionPastIt() {
        UUID id = append(FORWARDED, "unmarked" + System.nanoTime(), null);
        awaitPublished(id);
        String afterCommit = jdbc.sql("select pg_current_wal_insert_lsn()::text")
                .query(String.class)
                .single();
        whileOutboxTrafficFlows(() -> slotConfirmed(afterCommit));
        relay.stop();
        try {
            // as a relay that stopped between Kafka's acknowledgement and its update leaves it; the slot is past the
            // row, so Debezium will not send it again
            jdbc.sql("update outbox set published_at = null where id = ?")
                    .param(id)
                    .update();
        } finally {
            relay.start();
        }

        whileOutboxTrafficFlows(() -> isMarked(id));
        await().atMost(WAIT).until(() -> waiting() == 0.0);
    }

    @Test
    void recordsTheRelayLagOncePerPublishedMessage() {
        // nothing else in flight: every committed row published, so every lag of theirs recorded
        await().atMost(WAIT).until(() -> waiting() == 0.0);
        Timer lag = meters.get(OutboxRelay.RELAY_LAG).timer();
        long before = lag.count();

        awaitPublished(append(FORWARDED, "lag" + System.nanoTime(), null));

        // the lag is recorded as Kafka acknowledges each record, before its batch's rows are marked published
        assertThat(lag.count()).isEqualTo(before + 1);
    }

    @Test
    void measuresTheWalTheRelaysSlotRetains() {
        double retained = meters.get(ReplicationSlotRetained.NAME)
                .tag("slot", relay.slotName())
                .gauge()
                .value();
        assertThat(retained).isNotNaN().isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void exportsTheMessagingMetricsUnderTheirPrometheusNames() {
        PrometheusMeterRegistry prometheus = (PrometheusMeterRegistry) meters;
        String scrape = prometheus.scrape();
        assertThat(scrape)
                .containsPattern("(?m)^shopfloor_outbox_waiting [0-9.]+$")
                .contains("shopfloor_outbox_relay_lag_seconds_bucket{")
                .contains("shopfloor_replication_slot_retained_bytes{")
                .contains("shopfloor_messaging_dlt_records{")
                .containsPattern("(?m)^shopfloor_messaging_dlt_records\\{topic=\"order.commands.DLT\"} [0-9.]+$");
        // consumer lag per group: Kafka's own client metric, registered by Boot for every consumer it creates; the
        // group shows in the client id Kafka gives a consumer, consumer-<group>-<n>
        await().atMost(WAIT)
                .until(
                        () -> prometheus
                                .scrape()
                                .contains(
                                        "kafka_consumer_fetch_manager_records_lag_max{client_id=\"consumer-observability-test-"));
        assertThat(meters.find(DeadLetterRecords.NAME).gauges()).isNotEmpty();
        assertThat(meters.find(OutboxWaiting.NAME).gauge()).isNotNull();
    }

    /** Appends a message under a span of its own and returns that span's traceparent. */
    private String appendInSpan(boolean rollBack) {
        Span span = tracer.nextSpan().name("probe").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            transactions.executeWithoutResult(tx -> {
                outbox.append(message(FORWARDED, "probe" + System.nanoTime(), null, "test.Probe.v1"));
                if (rollBack) {
                    tx.setRollbackOnly();
                }
            });
            return "00-" + span.context().traceId() + "-" + span.context().spanId() + "-01";
        } finally {
            span.end();
        }
    }

    /**
     * Waits for {@code condition}, appending a message at each poll, so the relay's slot confirms new positions sooner
     * than its heartbeats (every 10 s) would.
     */
    private void whileOutboxTrafficFlows(Callable<Boolean> condition) {
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            append(FORWARDED, "traffic" + System.nanoTime(), null);
            return condition.call();
        });
    }

    private boolean isMarked(UUID id) {
        return jdbc.sql("select published_at is not null from outbox where id = ?")
                .param(id)
                .query(Boolean.class)
                .single();
    }

    private boolean slotConfirmed(String position) {
        return jdbc.sql("select confirmed_flush_lsn >= cast(? as pg_lsn) from pg_replication_slots where slot_name = ?")
                .param(position)
                .param(relay.slotName())
                .query(Boolean.class)
                .single();
    }

    private double waiting() {
        return meters.get(OutboxWaiting.NAME).gauge().value();
    }

    private UUID append(String topic, String orderId, String sagaId) {
        String type = TRACED.equals(topic) ? "test.Traced.v1" : "test.Forwarded.v1";
        return transactions.execute(tx -> outbox.append(message(topic, orderId, sagaId, type)));
    }

    private void awaitPublished(UUID id) {
        await().atMost(WAIT)
                .until(() -> jdbc.sql("select published_at is not null from outbox where id = ?")
                        .param(id)
                        .query(Boolean.class)
                        .single());
    }

    private String storedTraceparent(UUID id) {
        return jdbc.sql("select traceparent from outbox where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    static OutboundMessage message(String topic, String orderId, String sagaId, String type) {
        return new OutboundMessage(topic, orderId, MessageType.of(type), sagaId, orderId, Map.of("orderId", orderId));
    }

    private static Predicate<ConsumerRecord<String, String>> byKey(String key) {
        return record -> key.equals(record.key());
    }

    /** A W3C traceparent, {@code 00-<trace id>-<parent span id>-<flags>}. */
    record Traceparent(String traceId, String spanId) {

        static Traceparent parse(String value) {
            assertThat(value).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            String[] parts = value.split("-");
            return new Traceparent(parts[1], parts[2]);
        }

        static Traceparent of(ConsumerRecord<String, String> record) {
            Header header = record.headers().lastHeader(MessageHeaders.TRACEPARENT);
            assertThat(header).as("traceparent header").isNotNull();
            return parse(new String(header.value(), StandardCharsets.UTF_8));
        }
    }

    /** The test topics, and a Brave span handler that keeps every finished span of this application. */
    static class Fixture extends SpanHandler {

        private final List<MutableSpan> finished = new CopyOnWriteArrayList<>();

        @Bean
        NewTopic tracedTopic() {
            return TopicBuilder.name(TRACED).partitions(1).replicas(1).build();
        }

        @Bean
        NewTopic forwardedTopic() {
            return TopicBuilder.name(FORWARDED).partitions(1).replicas(1).build();
        }

        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            if (cause == Cause.FINISHED) {
                finished.add(span);
            }
            return true;
        }

        List<MutableSpan> spans() {
            return List.copyOf(finished);
        }

        MutableSpan awaitSpan(Predicate<MutableSpan> which) {
            return await().atMost(WAIT)
                    .until(() -> finished.stream().filter(which).findFirst(), Optional::isPresent)
                    .orElseThrow();
        }
    }

    /**
     * Handles {@value #TRACED}: notes the MDC it runs with, and forwards each message to {@value #FORWARDED} through
     * the outbox, in a transaction, as a service's handler does.
     */
    static class TracedListener {

        record Handled(String orderId, Map<String, String> mdc, UUID forwardedId) {}

        private final List<Handled> handled = new CopyOnWriteArrayList<>();
        private final Outbox outbox;
        private final TransactionTemplate transactions;

        TracedListener(Outbox outbox, TransactionTemplate transactions) {
            this.outbox = outbox;
            this.transactions = transactions;
        }

        @KafkaListener(topics = TRACED, groupId = "observability-test")
        void on(ConsumerRecord<String, String> record) {
            Map<String, String> mdc =
                    Optional.ofNullable(MDC.getCopyOfContextMap()).orElse(Map.of());
            UUID forwarded = transactions.execute(tx -> outbox.append(message(
                    FORWARDED,
                    record.key(),
                    KafkaTestClient.header(record, MessageHeaders.SAGA_ID),
                    "test.Forwarded.v1")));
            handled.add(new Handled(record.key(), Map.copyOf(mdc), forwarded));
        }

        Handled awaitHandled(String orderId) {
            return await().atMost(WAIT)
                    .until(
                            () -> handled.stream()
                                    .filter(h -> h.orderId().equals(orderId))
                                    .findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
        }
    }
}
