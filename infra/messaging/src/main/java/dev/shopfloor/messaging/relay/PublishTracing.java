package dev.shopfloor.messaging.relay;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How the {@link OutboxRelay} puts a publish on the trace of the transaction that wrote the message.
 * {@link dev.shopfloor.messaging.tracing.MicrometerPublishTracing} does it with Micrometer Tracing; {@link #NONE} stands
 * in without a tracer and leaves records as they are.
 */
public interface PublishTracing {

    /** For an application without a tracer: no spans, headers untouched. */
    PublishTracing NONE = record -> Publish.NONE;

    /**
     * Starts the publish of {@code record}, just before it is sent. The record's {@code traceparent} header, when it
     * has one, holds the trace context stored with the outbox row; an implementation may replace it.
     *
     * @return the publish in flight; {@link Publish#acknowledged()} or {@link Publish#failed} is called once
     */
    Publish start(ProducerRecord<String, String> record);

    /** One record's publish, from send to Kafka's answer. */
    interface Publish {

        /** Nothing to finish. */
        Publish NONE = new Publish() {
            @Override
            public void acknowledged() {}

            @Override
            public void failed(Throwable error) {}
        };

        /** Kafka acknowledged the record. */
        void acknowledged();

        /** Kafka refused the record, or the send failed before it reached Kafka. */
        void failed(Throwable error);
    }
}
