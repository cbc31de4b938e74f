package dev.shopfloor.messaging;

import dev.shopfloor.messaging.inbox.Inbox;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.messaging.json.StrictJson;
import dev.shopfloor.messaging.metrics.DeadLetterRecords;
import dev.shopfloor.messaging.metrics.OutboxWaiting;
import dev.shopfloor.messaging.metrics.ReplicationSlotRetained;
import dev.shopfloor.messaging.outbox.Outbox;
import dev.shopfloor.messaging.outbox.TraceparentSource;
import dev.shopfloor.messaging.relay.OutboxRelay;
import dev.shopfloor.messaging.relay.PublishTracing;
import dev.shopfloor.messaging.tracing.MessageObservationHandler;
import dev.shopfloor.messaging.tracing.MicrometerPublishTracing;
import dev.shopfloor.messaging.tracing.MicrometerTraceparentSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the messaging library into a service: outbox writer, inbox, outbox relay, the platform's topics, and the
 * Kafka error handler (bounded retries with exponential backoff, then the record's {@code .DLT} topic).
 *
 * <p>Observability, when the application has them: with a Micrometer {@link Tracer} and {@link Propagator} the outbox
 * stores the current trace context and the relay publishes under spans that continue it; the
 * {@link MessageObservationHandler} tags listener spans with the envelope and fills the MDC (it needs
 * {@code spring.kafka.listener.observation-enabled=true}); meters: {@value OutboxWaiting#NAME},
 * {@value OutboxRelay#RELAY_LAG}, {@value ReplicationSlotRetained#NAME} (the relay's slot) and
 * {@value DeadLetterRecords#NAME} (the dead-letter topics of the topics this service consumes).
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

    /** Strict JSON reading for HTTP bodies and payloads: see {@link StrictJson}. */
    @Bean
    StrictJson strictJson() {
        return new StrictJson();
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox outbox(JdbcClient jdbc, JsonMapper json, Clock clock, ObjectProvider<TraceparentSource> traces) {
        return new Outbox(jdbc, json, clock, traces.getIfAvailable(() -> TraceparentSource.NONE));
    }

    @Bean
    @ConditionalOnMissingBean
    Inbox inbox(JdbcClient jdbc) {
        return new Inbox(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "shopfloor.messaging.relay", name = "enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(
            MessagingProperties properties,
            JdbcConnectionDetails db,
            ProducerFactory<String, String> producers,
            JdbcClient jdbc,
            ObjectProvider<PublishTracing> tracing,
            ObjectProvider<MeterRegistry> meters,
            Clock clock) {
        // A template of its own, without Spring Kafka's observation: the relay's span is the producer span.
        return new OutboxRelay(
                properties.relay(),
                db.getJdbcUrl(),
                db.getUsername(),
                db.getPassword(),
                new KafkaTemplate<>(producers),
                jdbc,
                tracing.getIfAvailable(() -> PublishTracing.NONE),
                meters.getIfAvailable(CompositeMeterRegistry::new),
                clock);
    }

    /** Tags listener spans with the message envelope and puts {@code orderId} / {@code sagaId} in the MDC. */
    @Bean
    @ConditionalOnMissingBean
    MessageObservationHandler messageObservationHandler() {
        return new MessageObservationHandler();
    }

    @Bean
    MeterBinder outboxWaitingMetrics(DataSource dataSource) {
        return new OutboxWaiting(dataSource);
    }

    @Bean
    MeterBinder outboxRelaySlotMetrics(DataSource dataSource, ObjectProvider<OutboxRelay> relay) {
        OutboxRelay running = relay.getIfAvailable();
        return running == null ? registry -> {} : new ReplicationSlotRetained(dataSource, running.slotName());
    }

    @Bean
    DeadLetterRecords deadLetterRecordsMetrics(
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<KafkaListenerEndpointRegistry> listeners,
            KafkaAdmin kafkaAdmin,
            Clock clock) {
        return new DeadLetterRecords(
                meters.getIfAvailable(CompositeMeterRegistry::new),
                listeners.getIfAvailable(KafkaListenerEndpointRegistry::new),
                kafkaAdmin,
                clock);
    }

    /**
     * The current trace context for the outbox and the relay's spans, from Micrometer Tracing. Without a tracer on the
     * classpath this class is skipped and both fall back to no tracing.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tracer.class)
    static class TracingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TraceparentSource traceparentSource(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            Tracer current = tracer.getIfAvailable();
            Propagator propagation = propagator.getIfAvailable();
            return current == null || propagation == null
                    ? TraceparentSource.NONE
                    : new MicrometerTraceparentSource(current, propagation);
        }

        @Bean
        @ConditionalOnMissingBean
        PublishTracing publishTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            Tracer current = tracer.getIfAvailable();
            Propagator propagation = propagator.getIfAvailable();
            return current == null || propagation == null
                    ? PublishTracing.NONE
                    : new MicrometerPublishTracing(current, propagation);
        }
    }

    @Bean
    KafkaAdmin.NewTopics platformTopics(MessagingProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            for (String name : List.of(topic, Topics.deadLetter(topic))) {
                topics.add(TopicBuilder.name(name)
                        .partitions(properties.topics().partitions())
                        .replicas(properties.topics().replicas())
                        .build());
            }
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    /**
     * Retries a failing record with exponential backoff, then publishes it to {@code <topic>.DLT} (same partition)
     * with the exception's class and message in headers. A poison record (unparseable, unknown type) goes there at
     * once. If the dead-letter publish itself fails, the record is sought again rather than dropped.
     */
    @Bean
    @ConditionalOnMissingBean
    CommonErrorHandler kafkaErrorHandler(MessagingProperties properties, KafkaOperations<?, ?> kafka) {
        MessagingProperties.Consumer consumer = properties.consumer();
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(consumer.attempts() - 1);
        backOff.setInitialInterval(consumer.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(consumer.maxBackoff().toMillis());
        // Spring Kafka 4 defaults to "<topic>-dlt"; the platform's dead-letter topics are "<topic>.DLT" (DESIGN.md §5).
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                kafka,
                (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(PoisonMessageException.class, JacksonException.class);
        return handler;
    }
}
