package dev.shopfloor.messaging.tracing;

import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.relay.PublishTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Traces the outbox relay's publishes with Micrometer Tracing: per record a PRODUCER span {@value #SPAN_NAME} (remote
 * service {@code kafka}) whose parent is the trace context stored with the outbox row, tagged with the envelope
 * ({@value #ORDER_ID}, {@value #SAGA_ID}, {@value #MESSAGE_TYPE}, {@value #DESTINATION}). The record's trace headers are
 * replaced by the span's own context, so a consumer continues the trace as a child of the publish; each header is
 * written once. The span ends when Kafka answers, in error when it refuses.
 *
 * <p>A record without a stored {@code traceparent} (written outside any span) is left as it is: no span, no header.
 */
public class MicrometerPublishTracing implements PublishTracing {

    /** Name of the relay's span. */
    public static final String SPAN_NAME = "outbox publish";
    /** Span tag: the order id (the message's correlation id). */
    public static final String ORDER_ID = "order.id";
    /** Span tag: the saga id, when the message has one. */
    public static final String SAGA_ID = "saga.id";
    /** Span tag: the message type, e.g. {@code inventory.ReserveStock.v1}. */
    public static final String MESSAGE_TYPE = "message.type";
    /** Span tag: the topic (OpenTelemetry messaging convention). */
    public static final String DESTINATION = "messaging.destination.name";

    private static final Propagator.Getter<Headers> GETTER = (headers, key) -> header(headers, key);
    private static final Propagator.Setter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public MicrometerPublishTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public Publish start(ProducerRecord<String, String> record) {
        Headers headers = record.headers();
        if (header(headers, MessageHeaders.TRACEPARENT) == null) {
            return Publish.NONE;
        }
        Span.Builder builder = propagator
                .extract(headers, GETTER)
                .name(SPAN_NAME)
                .kind(Span.Kind.PRODUCER)
                .remoteServiceName("kafka")
                .tag(DESTINATION, record.topic());
        tag(builder, ORDER_ID, header(headers, MessageHeaders.CORRELATION_ID));
        tag(builder, SAGA_ID, header(headers, MessageHeaders.SAGA_ID));
        tag(builder, MESSAGE_TYPE, header(headers, MessageHeaders.MESSAGE_TYPE));
        Span span = builder.start();
        propagator.inject(span.context(), headers, SETTER);
        return new Publish() {
            @Override
            public void acknowledged() {
                span.end();
            }

            @Override
            public void failed(Throwable error) {
                span.error(error).end();
            }
        };
    }

    private static void tag(Span.Builder builder, String key, String value) {
        if (value != null) {
            builder.tag(key, value);
        }
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
