package dev.shopfloor.messaging.metrics;

import dev.shopfloor.messaging.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Gauge {@value #NAME}, tag {@code topic}: records currently in a dead-letter topic (end offset minus beginning offset,
 * summed over its partitions). A service reports the {@code .DLT} topic of each topic its listeners consume, so each
 * dead-letter topic is reported by the service whose error handler fills it. "Currently": records the topic's
 * retention removed are no longer counted; a replay does not remove its records.
 *
 * <p>The gauges are registered once the listener containers exist (context refreshed). Kafka is asked at scrape time,
 * once for all of the service's dead-letter topics, and the answer serves the scrapes of the next
 * {@value #REUSE_MILLIS} ms. A topic Kafka does not answer for within the timeout (missing, broker down) reads NaN.
 */
public class DeadLetterRecords implements ApplicationListener<ContextRefreshedEvent>, DisposableBean {

    /** Gauge name (Prometheus: {@code shopfloor_messaging_dlt_records}). */
    public static final String NAME = "shopfloor.messaging.dlt.records";

    static final long REUSE_MILLIS = 2_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecords.class);

    private final MeterRegistry meters;
    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaAdmin kafkaAdmin;
    private final Clock clock;
    private final Set<String> deadLetterTopics = new TreeSet<>();
    private Admin admin;
    private Map<String, Long> counts = Map.of();
    private Instant countedAt;

    public DeadLetterRecords(
            MeterRegistry meters, KafkaListenerEndpointRegistry listeners, KafkaAdmin kafkaAdmin, Clock clock) {
        this.meters = meters;
        this.listeners = listeners;
        this.kafkaAdmin = kafkaAdmin;
        this.clock = clock;
    }

    @Override
    public synchronized void onApplicationEvent(ContextRefreshedEvent event) {
        for (MessageListenerContainer container : listeners.getAllListenerContainers()) {
            String[] topics = container.getContainerProperties().getTopics();
            if (topics == null) {
                continue; // a pattern or explicit partitions: not a platform topic
            }
            Arrays.stream(topics)
                    .filter(topic -> !topic.endsWith(Topics.DEAD_LETTER_SUFFIX))
                    .map(Topics::deadLetter)
                    .filter(deadLetterTopics::add)
                    .forEach(topic -> Gauge.builder(NAME, this, self -> self.records(topic))
                            .description("Records currently in a dead-letter topic")
                            .tag("topic", topic)
                            .register(meters));
        }
    }

    /** The records in {@code topic}, as counted at most {@value #REUSE_MILLIS} ms ago; NaN when unknown. */
    synchronized double records(String topic) {
        Instant now = clock.instant();
        if (countedAt == null || Duration.between(countedAt, now).toMillis() >= REUSE_MILLIS) {
            counts = count();
            countedAt = clock.instant();
        }
        Long count = counts.get(topic);
        return count == null ? Double.NaN : count;
    }

    private Map<String, Long> count() {
        Map<String, Long> result = new HashMap<>();
        try {
            if (admin == null) {
                admin = Admin.create(kafkaAdmin.getConfigurationProperties());
            }
            Map<String, TopicDescription> described = new HashMap<>();
            admin.describeTopics(deadLetterTopics).topicNameValues().forEach((topic, future) -> {
                try {
                    described.put(topic, future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                } catch (Exception e) {
                    log.debug("Cannot describe dead-letter topic {}", topic, e);
                }
            });
            List<TopicPartition> partitions = described.values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .toList();
            if (partitions.isEmpty()) {
                return result;
            }
            Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
            for (TopicPartition partition : partitions) {
                result.merge(partition.topic(), latest.get(partition) - earliest.get(partition), Long::sum);
            }
        } catch (Exception e) {
            log.debug("Cannot count dead-letter records", e);
            result.clear();
        }
        return result;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request =
                partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer =
                admin.listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return answer.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        entry -> Objects.requireNonNull(entry.getValue()).offset()));
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
