package dev.shopfloor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.messaging.metrics.DeadLetterRecords;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.KafkaTestClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The Kafka error handler of {@link MessagingAutoConfiguration} against a real broker: a record that keeps failing is
 * tried a bounded number of times, then dead-lettered with the exception's class and message, and the records behind
 * it go on; when the dead-letter topic refuses the record, the record is tried again instead of being dropped, and
 * lands in the dead-letter topic once the topic accepts it. One partition, so "behind it" is certain.
 */
@SpringBootTest(
        properties = {
            "shopfloor.messaging.consumer.initial-backoff=50ms",
            "shopfloor.messaging.consumer.max-backoff=100ms"
        })
@EmbeddedInfrastructure
@Import({DeadLetterIT.FlakyListener.class, DeadLetterIT.OnePartition.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterIT {

    static final String TOPIC = "messaging-test.flaky";
    static final String DLT = Topics.deadLetter(TOPIC);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    Environment environment;

    @Autowired
    FlakyListener listener;

    @Autowired
    MeterRegistry meters;

    KafkaTestClient kafka;
    Admin admin;

    @BeforeAll
    void connect() {
        String bootstrap = environment.getRequiredProperty("spring.kafka.bootstrap-servers");
        kafka = new KafkaTestClient(bootstrap);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(props);
    }

    /** The test topic and its dead-letter topic, one partition each, created before the listener starts. */
    static class OnePartition {

        @Bean
        NewTopic flakyTopic() {
            return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
        }

        @Bean
        NewTopic flakyDeadLetterTopic() {
            return TopicBuilder.name(DLT).partitions(1).replicas(1).build();
        }
    }

    @AfterAll
    void disconnect() {
        kafka.close();
        admin.close();
    }

    @Test
    void triesAFailingRecordABoundedNumberOfTimesThenDeadLettersItAndGoesOn() {
        String failing = send("test.AlwaysFails");
        String next = send("test.Fine");

        ConsumerRecord<String, String> dead = awaitDeadLetter(failing);
        listener.awaitProcessed(next);

        // shopfloor.messaging.consumer.attempts defaults to 4: the first try and three retries
        assertThat(listener.attempts(failing)).isEqualTo(4);
        assertThat(KafkaTestClient.header(dead, MessageHeaders.DEAD_LETTER_CAUSE))
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(KafkaTestClient.header(dead, MessageHeaders.DEAD_LETTER_MESSAGE))
                .contains("the test listener always fails on this one");
        assertThat(KafkaTestClient.header(dead, MessageHeaders.DEAD_LETTER_ORIGINAL_TOPIC))
                .isEqualTo(TOPIC);
        assertThat(KafkaTestClient.header(dead, MessageHeaders.MESSAGE_ID)).isEqualTo(failing);
    }

    @Test
    void retriesARecordWhoseDeadLetterCannotBePublishedInsteadOfDroppingIt() throws Exception {
        // the dead-letter topic refuses anything larger than 256 bytes, which every dead letter is (its headers alone)
        setDeadLetterMaxMessageBytes("256");
        String poison = send("test.Poison");
        String next = send("test.Fine");

        listener.awaitAttempts(poison, 3);
        assertThatThrownBy(() -> kafka.awaitRecord(DLT, byMessageId(poison), Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class);
        assertThat(listener.processed()).doesNotContain(next);

        setDeadLetterMaxMessageBytes(null);
        awaitDeadLetter(poison);
        listener.awaitProcessed(next);
        assertThatThrownBy(() -> kafka.awaitRecords(DLT, byMessageId(poison), 2, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found 1");
    }

    @Test
    void countsTheRecordsInTheDeadLetterTopic() {
        Gauge gauge = meters.get(DeadLetterRecords.NAME).tag("topic", DLT).gauge();
        double before = org.awaitility.Awaitility.await().atMost(WAIT).until(gauge::value, value -> !value.isNaN());

        awaitDeadLetter(send("test.Poison"));

        org.awaitility.Awaitility.await().atMost(WAIT).until(gauge::value, value -> value == before + 1);
    }

    private String send(String type) {
        String messageId = UUID.randomUUID().toString();
        kafka.send(
                TOPIC,
                "key-1",
                Map.of(
                        MessageHeaders.MESSAGE_ID, messageId,
                        MessageHeaders.MESSAGE_TYPE, type,
                        MessageHeaders.CORRELATION_ID, "1"),
                "{}");
        return messageId;
    }

    private ConsumerRecord<String, String> awaitDeadLetter(String messageId) {
        return kafka.awaitRecord(DLT, byMessageId(messageId), WAIT);
    }

    private static java.util.function.Predicate<ConsumerRecord<String, String>> byMessageId(String messageId) {
        return record -> messageId.equals(KafkaTestClient.header(record, MessageHeaders.MESSAGE_ID));
    }

    private void setDeadLetterMaxMessageBytes(String bytes) throws Exception {
        ConfigEntry entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes);
        AlterConfigOp op =
                new AlterConfigOp(entry, bytes == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
        Map<ConfigResource, Collection<AlterConfigOp>> change =
                Map.of(new ConfigResource(ConfigResource.Type.TOPIC, DLT), List.of(op));
        admin.incrementalAlterConfigs(change).all().get(30, TimeUnit.SECONDS);
    }

    /**
     * Consumes {@value #TOPIC}: counts every attempt per message id, fails {@code test.AlwaysFails} with a plain
     * exception (retried) and {@code test.Poison} as poison (dead-lettered at once), and records the rest.
     */
    static class FlakyListener {

        private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        private final List<String> processed = new CopyOnWriteArrayList<>();

        @KafkaListener(topics = TOPIC, groupId = "dead-letter-test")
        void on(ConsumerRecord<String, String> record) {
            String id = KafkaTestClient.header(record, MessageHeaders.MESSAGE_ID);
            attempts.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
            switch (KafkaTestClient.header(record, MessageHeaders.MESSAGE_TYPE)) {
                case "test.AlwaysFails" ->
                    throw new IllegalStateException("the test listener always fails on this one");
                case "test.Poison" -> throw new dev.shopfloor.messaging.inbox.PoisonMessageException("poison");
                default -> processed.add(id);
            }
        }

        int attempts(String messageId) {
            AtomicInteger count = attempts.get(messageId);
            return count == null ? 0 : count.get();
        }

        List<String> processed() {
            return List.copyOf(processed);
        }

        void awaitProcessed(String messageId) {
            awaitUntil(() -> processed.contains(messageId), "processing of " + messageId);
        }

        void awaitAttempts(String messageId, int atLeast) {
            awaitUntil(() -> attempts(messageId) >= atLeast, atLeast + " attempts of " + messageId);
        }

        private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
            Instant deadline = Instant.now().plus(WAIT);
            while (!condition.getAsBoolean()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("waited " + WAIT + " for " + what);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
