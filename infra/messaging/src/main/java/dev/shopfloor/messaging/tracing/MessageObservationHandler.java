package dev.shopfloor.messaging.tracing;

import dev.shopfloor.messaging.MessageHeaders;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.MDC;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Puts a consumed message's envelope on the observation Spring Kafka's listener container makes per record
 * ({@code spring.kafka.listener.observation-enabled=true}), so that every consumer span carries the tags
 * {@value MicrometerPublishTracing#ORDER_ID}, {@value MicrometerPublishTracing#SAGA_ID} and
 * {@value MicrometerPublishTracing#MESSAGE_TYPE} (high cardinality: spans only, not the listener timer), and every log
 * line of the handler the MDC keys {@value #MDC_ORDER_ID} and {@value #MDC_SAGA_ID} beside Boot's {@code traceId} and
 * {@code spanId}.
 *
 * <p>The MDC keys are set when the observation's scope opens, which is around the listener method alone (the error
 * handler's retries and dead-lettering run outside it), and restored to what they were when it closes. A header the
 * record lacks gives neither tag nor MDC key.
 */
public class MessageObservationHandler implements ObservationHandler<KafkaRecordReceiverContext> {

    /** MDC key: the order id of the message being handled. */
    public static final String MDC_ORDER_ID = "orderId";
    /** MDC key: the saga id of the message being handled. */
    public static final String MDC_SAGA_ID = "sagaId";

    @Override
    public void onStart(KafkaRecordReceiverContext context) {
        Headers headers = context.getRecord().headers();
        tag(context, MicrometerPublishTracing.ORDER_ID, header(headers, MessageHeaders.CORRELATION_ID));
        tag(context, MicrometerPublishTracing.SAGA_ID, header(headers, MessageHeaders.SAGA_ID));
        tag(context, MicrometerPublishTracing.MESSAGE_TYPE, header(headers, MessageHeaders.MESSAGE_TYPE));
    }

    @Override
    public void onScopeOpened(KafkaRecordReceiverContext context) {
        Headers headers = context.getRecord().headers();
        Map<String, String> previous = new HashMap<>();
        put(previous, MDC_ORDER_ID, header(headers, MessageHeaders.CORRELATION_ID));
        put(previous, MDC_SAGA_ID, header(headers, MessageHeaders.SAGA_ID));
        context.put(PreviousMdc.class, new PreviousMdc(previous));
    }

    @Override
    public void onScopeClosed(KafkaRecordReceiverContext context) {
        PreviousMdc previous = context.get(PreviousMdc.class);
        context.remove(PreviousMdc.class);
        if (previous == null) {
            return;
        }
        previous.values().forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof KafkaRecordReceiverContext;
    }

    private static void tag(Observation.Context context, String key, String value) {
        if (value != null) {
            context.addHighCardinalityKeyValue(KeyValue.of(key, value));
        }
    }

    private static void put(Map<String, String> previous, String key, String value) {
        if (value != null) {
            previous.put(key, MDC.get(key));
            MDC.put(key, value);
        }
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The MDC values the scope replaced, to restore when it closes ({@code null}: the key was absent). */
    private record PreviousMdc(Map<String, String> values) {}
}
