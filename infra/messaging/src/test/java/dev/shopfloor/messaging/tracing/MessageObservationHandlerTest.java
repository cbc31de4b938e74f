package dev.shopfloor.messaging.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.messaging.MessageHeaders;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

class MessageObservationHandlerTest {

    private final ObservationRegistry registry = ObservationRegistry.create();

    MessageObservationHandlerTest() {
        registry.observationConfig().observationHandler(new MessageObservationHandler());
    }

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void tagsTheListenerObservationWithTheEnvelope() {
        KafkaRecordReceiverContext context = contextOf(record("42", "saga-42", "inventory.ReserveStock.v1"));

        observe(context, () -> {});

        assertThat(context.getHighCardinalityKeyValues())
                .contains(
                        KeyValue.of("order.id", "42"),
                        KeyValue.of("saga.id", "saga-42"),
                        KeyValue.of("message.type", "inventory.ReserveStock.v1"));
    }

    @Test
    void putsOrderAndSagaInTheMdcWhileTheHandlerRunsAndRestoresItAfter() {
        MDC.put("orderId", "outer");
        Map<String, String> during = new HashMap<>();

        observe(
                contextOf(record("42", "saga-42", "inventory.ReserveStock.v1")),
                () -> during.putAll(MDC.getCopyOfContextMap()));

        assertThat(during).containsEntry("orderId", "42").containsEntry("sagaId", "saga-42");
        assertThat(MDC.get("orderId")).isEqualTo("outer");
        assertThat(MDC.get("sagaId")).isNull();
    }

    @Test
    void leavesOutWhatTheRecordDoesNotCarry() {
        KafkaRecordReceiverContext context = contextOf(record("42", null, "order.OrderCreated.v1"));
        Map<String, String> during = new HashMap<>();

        observe(context, () -> during.putAll(MDC.getCopyOfContextMap()));

        assertThat(during).containsEntry("orderId", "42").doesNotContainKey("sagaId");
        assertThat(context.getHighCardinalityKeyValues())
                .extracting(KeyValue::getKey)
                .doesNotContain("saga.id");
    }

    private void observe(KafkaRecordReceiverContext context, Runnable handler) {
        Observation.createNotStarted("listener", () -> context, registry).observe(handler);
    }

    private static KafkaRecordReceiverContext contextOf(ConsumerRecord<String, String> record) {
        return new KafkaRecordReceiverContext(record, "listener-1", "client-1", "group-1", () -> "cluster-1");
    }

    private static ConsumerRecord<String, String> record(String orderId, String sagaId, String type) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("saga.replies", 0, 0L, orderId, "{}");
        record.headers().add(MessageHeaders.CORRELATION_ID, orderId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_TYPE, type.getBytes(StandardCharsets.UTF_8));
        if (sagaId != null) {
            record.headers().add(MessageHeaders.SAGA_ID, sagaId.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
