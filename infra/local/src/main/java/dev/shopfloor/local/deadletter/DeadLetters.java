package dev.shopfloor.local.deadletter;

import dev.shopfloor.local.PlatformLayout;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Lists and replays dead letters: the records the services' Kafka error handler parked in {@code <topic>.DLT} after
 * bounded retries (DESIGN.md §5), with the exception's class and message in {@code kafka_dlt-*} headers.
 *
 * <p>Replay republishes a dead letter to its original topic and partition with its original key, value and envelope
 * headers, <em>including its {@code message-id}</em>: a record is dead-lettered only after its handler's transaction
 * rolled back, so its id never reached the consumer's inbox and the replay is processed; replaying the same dead
 * letter twice (or one that was also redelivered some other way) is then skipped by the inbox instead of applied
 * twice. The {@code kafka_dlt-*} headers are dropped and a {@value #REPLAYED_FROM} header names the dead letter.
 * Kafka topics are append-only, so a replayed dead letter stays in the DLT; the inbox is what makes that harmless.
 *
 * <p>Reads use a throw-away consumer that assigns every partition and reads from the beginning to the end offsets
 * taken at the start, with no consumer group and no committed offsets, so listing changes nothing.
 */
public final class DeadLetters implements AutoCloseable {

    /** Header added to a replayed record: {@code <dlt topic>/<partition>/<offset>} of the dead letter. */
    public static final String REPLAYED_FROM = "replayed-from";

    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";
    private static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    private static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    private static final String DLT_SUFFIX = ".DLT";

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public DeadLetters(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * One dead letter.
     *
     * @param topic the dead-letter topic, e.g. {@code payment.commands.DLT}
     * @param headers every header as text, except the binary {@code kafka_dlt-original-*} numbers
     */
    public record DeadLetter(
            String topic,
            int partition,
            long offset,
            Instant timestamp,
            String key,
            String value,
            Map<String, String> headers,
            List<Header> rawHeaders,
            int originalPartition) {

        public String messageId() {
            return headers.get("message-id");
        }

        public String messageType() {
            return headers.get("message-type");
        }

        /** The topic the record failed on: the {@code kafka_dlt-original-topic} header, else the DLT's name. */
        public String originalTopic() {
            String original = headers.get(ORIGINAL_TOPIC);
            return original != null
                    ? original
                    : topic.endsWith(DLT_SUFFIX) ? topic.substring(0, topic.length() - DLT_SUFFIX.length()) : topic;
        }

        /** The exception the handler threw (the cause, when the container wrapped it). */
        public String exception() {
            return headers.getOrDefault(
                    "kafka_dlt-exception-cause-fqcn", headers.getOrDefault("kafka_dlt-exception-fqcn", "?"));
        }

        public String exceptionMessage() {
            return headers.getOrDefault("kafka_dlt-exception-message", "");
        }
    }

    /** The dead-letter topics that exist, sorted. */
    public List<String> topics() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.endsWith(DLT_SUFFIX))
                    .sorted()
                    .toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics at " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    /** Every record in {@code dltTopic} now, in partition and offset order. */
    public List<DeadLetter> list(String dltTopic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(dltTopic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(dltTopic, info.partition()));
            }
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("no topic " + dltTopic);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> remaining = new LinkedHashMap<>(end);
            remaining.entrySet().removeIf(entry -> consumer.position(entry.getKey()) >= entry.getValue());
            long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < giveUp) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(partition)) {
                        letters.add(deadLetter(record));
                    }
                }
                remaining.entrySet().removeIf(entry -> consumer.position(entry.getKey()) >= entry.getValue());
            }
        }
        letters.sort(java.util.Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
        return letters;
    }

    /**
     * Republishes the dead letters of {@code dltTopic} that {@code which} selects to their original topic and
     * partition, keeping key, value and envelope headers (message id included).
     *
     * @return the dead letters replayed, each acknowledged by the broker
     */
    public List<DeadLetter> replay(String dltTopic, Predicate<DeadLetter> which) {
        List<DeadLetter> replayed = new ArrayList<>();
        for (DeadLetter letter : list(dltTopic)) {
            if (!which.test(letter)) {
                continue;
            }
            ProducerRecord<String, String> record = new ProducerRecord<>(
                    letter.originalTopic(),
                    letter.originalPartition() >= 0 ? letter.originalPartition() : null,
                    letter.key(),
                    letter.value());
            for (Header header : letter.rawHeaders()) {
                if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
                    record.headers().add(header);
                }
            }
            record.headers()
                    .add(
                            REPLAYED_FROM,
                            (letter.topic() + "/" + letter.partition() + "/" + letter.offset())
                                    .getBytes(StandardCharsets.UTF_8));
            try {
                producer.send(record).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(
                        "replay of " + letter.topic() + "/" + letter.partition() + "/" + letter.offset()
                                + " failed after " + replayed.size() + " replayed: " + e.getMessage(),
                        e);
            }
            replayed.add(letter);
        }
        return replayed;
    }

    private static DeadLetter deadLetter(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<Header> raw = new ArrayList<>();
        int originalPartition = -1;
        for (Header header : record.headers()) {
            raw.add(header);
            if (header.value() == null) {
                continue;
            }
            if (header.key().equals(ORIGINAL_PARTITION) && header.value().length == Integer.BYTES) {
                originalPartition = ByteBuffer.wrap(header.value()).getInt();
            } else if (!header.key().startsWith("kafka_dlt-original-")
                    || header.key().equals(ORIGINAL_TOPIC)
                    || header.key().equals("kafka_dlt-original-consumer-group")) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return new DeadLetter(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                record.key(),
                record.value(),
                headers,
                List.copyOf(raw),
                originalPartition);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * {@code ./platform dlt list [topic.DLT]} and {@code ./platform dlt replay <topic.DLT> [message-id]}. Exit codes: 0
     * done, 2 wrong usage.
     */
    public static int cli(PlatformLayout layout, List<String> args, PrintStream out) {
        String bootstrap = "localhost:" + layout.kafkaPort();
        if (args.isEmpty()
                || !(args.getFirst().equals("list") || args.getFirst().equals("replay"))) {
            return usage();
        }
        try (DeadLetters dlt = new DeadLetters(bootstrap)) {
            if (args.getFirst().equals("list")) {
                List<String> topics = args.size() > 1 ? List.of(dltName(args.get(1))) : dlt.topics();
                for (String topic : topics) {
                    List<DeadLetter> letters = dlt.list(topic);
                    out.printf("%s: %d dead letter(s)%n", topic, letters.size());
                    for (DeadLetter letter : letters) {
                        out.printf(
                                "  %d/%-6d %s key=%s %s %s%n      %s: %s%n",
                                letter.partition(),
                                letter.offset(),
                                letter.timestamp(),
                                letter.key(),
                                letter.messageType(),
                                letter.messageId(),
                                letter.exception(),
                                abbreviate(letter.exceptionMessage(), 200));
                    }
                }
                return 0;
            }
            if (args.size() < 2 || args.size() > 3) {
                return usage();
            }
            String topic = dltName(args.get(1));
            String messageId = args.size() == 3 ? args.get(2) : null;
            List<DeadLetter> replayed =
                    dlt.replay(topic, letter -> messageId == null || messageId.equals(letter.messageId()));
            for (DeadLetter letter : replayed) {
                out.printf(
                        "replayed %d/%d %s %s -> %s%n",
                        letter.partition(),
                        letter.offset(),
                        letter.messageType(),
                        letter.messageId(),
                        letter.originalTopic());
            }
            out.printf("%d dead letter(s) replayed from %s%n", replayed.size(), topic);
            return 0;
        }
    }

    private static String dltName(String topic) {
        return topic.endsWith(DLT_SUFFIX) ? topic : topic + DLT_SUFFIX;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    private static int usage() {
        System.err.println(
                "usage: ./platform dlt list [topic]            list dead letters (every .DLT topic, or one)");
        System.err.println("       ./platform dlt replay <topic> [id]     republish a topic's dead letters (or the one"
                + " with this message-id) to the original topic, keeping their message-id");
        return 2;
    }
}
