package dev.shopfloor.messaging.relay;

import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.MessagingProperties;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes the service's committed outbox rows to Kafka: a Debezium embedded engine reads the {@code outbox} table
 * from the Postgres write-ahead log (logical decoding, {@code pgoutput}), Debezium's outbox event router turns each
 * row into a record (topic from the {@code topic} column, key from {@code message_key}, envelope columns as headers),
 * and an idempotent producer sends it.
 *
 * <p>Guarantees: at least once, and in commit order per partition. A batch's source positions are acknowledged to
 * Debezium only after Kafka acknowledged every record of the batch; positions are flushed to the service's own
 * {@code relay_offset} table ({@link JdbcOffsetBackingStore}) and then confirmed to the replication slot. After a crash
 * the relay resumes from the slot's confirmed position (Debezium's {@code offset.mismatch.strategy=trust_slot}: the
 * slot is authoritative even where the stored offsets are older), so it may publish a message again with the same
 * {@code message-id}; consumers' inboxes skip it. On
 * PostgreSQL 17 and later its slot is a failover slot ({@link FailoverSlots}), so with {@code sync_replication_slots}
 * on the standbys the relay resumes on a promoted standby from the same position.
 *
 * <p>Observability: each record is published under a span of its own whose parent is the trace context stored with
 * the row ({@link PublishTracing}); the record's {@code traceparent} is that span's. Per acknowledged record the timer
 * {@value #RELAY_LAG} records the time from the row's {@code occurred_at} to Kafka's acknowledgement, and the row's
 * {@code published_at} is set once its batch is acknowledged (the publication carries inserts only, so that update
 * never reaches Kafka). Decoding can hand the relay a row a moment before its commit is visible to the relay's update;
 * such rows are marked later, and rows a stopped relay acknowledged but did not mark are marked once its slot confirms
 * a position past them ({@link PublishedRows}, every {@code mark-retry-interval}). Logical decoding messages in the
 * WAL (the outbox's trace messages) are excluded from the relay's stream. Every {@code heartbeat-interval} the relay
 * writes one of its own (in a transaction of its own, no table) and confirms the position after it, so the slot of an
 * idle outbox keeps up with the WAL that the rest of the server writes, also right after a restart.
 *
 * <p>Failure: when Kafka does not acknowledge a batch within {@code send-timeout}, or Postgres goes away, the engine
 * stops; the relay restarts it after {@code restart-backoff} for as long as the application runs. Failing to set
 * {@code published_at} is logged, retried, and does not stop or slow the relay: it only keeps
 * {@code shopfloor.outbox.waiting} high until a retry succeeds.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";

    // Prefix of the logical decoding message each heartbeat writes (see properties()).
    private static final String HEARTBEAT_MESSAGE_PREFIX = "shopfloor.outbox-heartbeat";

    /** Timer, base unit seconds: outbox row {@code occurred_at} to Kafka's acknowledgement of its record. */
    public static final String RELAY_LAG = "shopfloor.outbox.relay.lag";

    private final MessagingProperties.Relay settings;
    private final Database database;
    private final KafkaTemplate<String, String> kafka;
    private final PublishedRows publishedRows;
    private final PublishTracing tracing;
    private final Timer lag;
    private final Clock clock;
    private ExecutorService engineThread;
    private ScheduledExecutorService markTimer;
    private volatile DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private volatile boolean running;
    private volatile FailoverSlots.Kind slotKind;

    /**
     * @param jdbcUrl the service's database, {@code jdbc:postgresql://host:port/database}
     * @param user a login role with the REPLICATION attribute that owns the outbox table
     * @param jdbc the service's database, to set {@code published_at} of published rows
     * @param tracing spans of the publishes; {@link PublishTracing#NONE} without a tracer
     * @param meters where {@value #RELAY_LAG} is registered
     * @param clock the clock {@code occurred_at} was taken from
     */
    public OutboxRelay(
            MessagingProperties.Relay settings,
            String jdbcUrl,
            String user,
            String password,
            KafkaTemplate<String, String> kafka,
            JdbcClient jdbc,
            PublishTracing tracing,
            MeterRegistry meters,
            Clock clock) {
        this.settings = settings;
        this.database = Database.parse(jdbcUrl, user, password);
        this.kafka = kafka;
        this.publishedRows = new PublishedRows(jdbc, slotName(), settings.markAttempts());
        this.tracing = tracing;
        this.clock = clock;
        this.lag = Timer.builder(RELAY_LAG)
                .description("Time from an outbox row's occurred_at to Kafka's acknowledgement of its record")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(meters);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        String slot = slotName();
        slotKind = ensureSlot(slot);
        engineThread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("outbox-relay").daemon().factory());
        publishedRows.afterRestart();
        markTimer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("outbox-relay-marks").daemon().factory());
        long every = Math.max(1, settings.markRetryInterval().toMillis());
        markTimer.scheduleWithFixedDelay(publishedRows::retry, every, every, TimeUnit.MILLISECONDS);
        running = true;
        launch(slot);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        closeEngine();
        markTimer.shutdownNow();
        engineThread.shutdownNow();
        try {
            engineThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the web server and Kafka listeners; stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /** The replication slot this relay reads: configured, or {@code outbox_<database>}. */
    public String slotName() {
        if (settings.slotName() != null && !settings.slotName().isBlank()) {
            return settings.slotName();
        }
        String derived = ("outbox_" + database.name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return derived.length() > 63 ? derived.substring(0, 63) : derived;
    }

    private void launch(String slot) {
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> created = DebeziumEngine.create(Connect.class)
                .using(debeziumProperties(slot))
                .notifying(this::publish)
                .using((success, message, error) -> onEngineStopped(success, message, error))
                .build();
        engine = created;
        engineThread.execute(created);
        log.info("Outbox relay started on slot {} ({}) of database {}", slot, slotKind.reason(), database.name());
    }

    private void onEngineStopped(boolean success, String message, Throwable error) {
        if (!running) {
            return;
        }
        log.warn("Outbox relay engine stopped ({}); restarting in {}", message, settings.restartBackoff(), error);
        Thread.ofPlatform().name("outbox-relay-restart").daemon().start(() -> {
            try {
                Thread.sleep(settings.restartBackoff());
                synchronized (this) {
                    if (running) {
                        closeEngine();
                        launch(slotName());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void publish(
            List<ChangeEvent<SourceRecord, SourceRecord>> batch,
            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        List<CompletableFuture<?>> acks = new ArrayList<>(batch.size());
        List<UUID> published = new ArrayList<>(batch.size());
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            SourceRecord record = event.value();
            if (isMessage(record)) {
                ProducerRecord<String, String> message = toProducerRecord(record);
                acks.add(send(message));
                messageId(message.headers()).ifPresent(published::add);
            }
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Nothing of this batch is acknowledged to Debezium: the restarted engine publishes it again.
            throw new IllegalStateException("Kafka did not acknowledge an outbox batch", e);
        }
        publishedRows.acknowledged(published);
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /** Sends one record under its publish span; the span ends and the lag is recorded when Kafka answers. */
    private CompletableFuture<?> send(ProducerRecord<String, String> record) {
        Instant occurredAt = occurredAt(record.headers());
        PublishTracing.Publish publish = tracing.start(record);
        try {
            return kafka.send(record).whenComplete((result, error) -> {
                if (error != null) {
                    publish.failed(error);
                    return;
                }
                publish.acknowledged();
                if (occurredAt != null) {
                    lag.record(Duration.between(occurredAt, clock.instant()));
                }
            });
        } catch (RuntimeException e) {
            publish.failed(e);
            throw e;
        }
    }

    private static Optional<UUID> messageId(Headers headers) {
        String id = header(headers, MessageHeaders.MESSAGE_ID);
        try {
            return Optional.ofNullable(id).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Instant occurredAt(Headers headers) {
        String value = header(headers, MessageHeaders.OCCURRED_AT);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String header(Headers headers, String key) {
        org.apache.kafka.common.header.Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static boolean isMessage(SourceRecord record) {
        return record.topic() != null
                && !record.topic().startsWith(HEARTBEAT_TOPIC_PREFIX)
                && record.value() instanceof String;
    }

    private static ProducerRecord<String, String> toProducerRecord(SourceRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.add(header.key(), String.valueOf(header.value()).getBytes(StandardCharsets.UTF_8));
            }
        }
        String key = record.key() == null ? null : String.valueOf(record.key());
        return new ProducerRecord<>(record.topic(), null, key, (String) record.value(), headers);
    }

    private void closeEngine() {
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> current = engine;
        engine = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                log.debug("Closing the outbox relay engine failed", e);
            }
        }
    }

    /**
     * Creates the slot before the engine starts, so that WAL written from start-up on is retained for the relay even
     * while its engine is still starting or restarting. It is a failover slot where the server has them and
     * {@code failover-slot} is on ({@link FailoverSlots}); a plain slot found unused is made one.
     */
    private FailoverSlots.Kind ensureSlot(String slot) {
        try {
            return new FailoverSlots(database.jdbcUrl(), database.user(), database.password(), settings.failoverSlot())
                    .createOrUpgrade(slot);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create replication slot " + slot, e);
        }
    }

    private Properties debeziumProperties(String slot) {
        Properties p = new Properties();
        p.setProperty("name", settings.name());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", JdbcOffsetBackingStore.class.getName());
        p.setProperty(JdbcOffsetBackingStore.URL, database.jdbcUrl());
        p.setProperty(JdbcOffsetBackingStore.USER, database.user());
        p.setProperty(JdbcOffsetBackingStore.PASSWORD, database.password());
        p.setProperty(JdbcOffsetBackingStore.OWNER, settings.name());
        p.setProperty(
                "offset.flush.interval.ms",
                String.valueOf(settings.offsetFlushInterval().toMillis()));
        p.setProperty("database.hostname", database.host());
        p.setProperty("database.port", String.valueOf(database.port()));
        p.setProperty("database.user", database.user());
        p.setProperty("database.password", database.password());
        p.setProperty("database.dbname", database.name());
        p.setProperty("topic.prefix", settings.name());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("publication.name", settings.publicationName());
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("table.include.list", "public.outbox");
        // Logical decoding messages (the outbox's "shopfloor.trace" messages, or any other) are for other readers.
        p.setProperty("message.prefix.exclude.list", ".*");
        // First start (no offsets): publish what the outbox already holds, then stream. Later starts resume from
        // the slot and take no snapshot.
        p.setProperty("snapshot.mode", "initial");
        // The slot, not the stored offsets, says where to resume: it moves only past what Kafka acknowledged (Debezium
        // confirms a position after its offsets are stored). Offsets older than the slot come from another instance of
        // the service relaying on the slot after this one loaded them; with Debezium's default ('no_validation') an
        // engine whose offsets are older than the slot's restart LSN refuses to start, at every restart.
        p.setProperty("offset.mismatch.strategy", "trust_slot");
        p.setProperty("poll.interval.ms", String.valueOf(settings.pollInterval().toMillis()));
        p.setProperty(
                "heartbeat.interval.ms",
                String.valueOf(settings.heartbeatInterval().toMillis()));
        // A heartbeat alone repeats the last position the relay read, which does not move while the outbox is idle,
        // however much WAL the rest of the server writes. So each heartbeat first writes a logical decoding message
        // (no table) into this database's WAL: the relay reads past it and confirms that position. The message is
        // transactional: after a restart Debezium confirms nothing until it has found where to resume, the first
        // transaction committed after its stored position; the heartbeat's own transaction is one, so an idle outbox
        // does not hold WAL from a restart until the service's next message.
        p.setProperty(
                "heartbeat.action.query",
                "SELECT pg_logical_emit_message(true, '" + HEARTBEAT_MESSAGE_PREFIX + "', now()::text)");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("transforms", "outbox");
        p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        p.setProperty("transforms.outbox.table.field.event.id", "id");
        p.setProperty("transforms.outbox.table.field.event.key", "message_key");
        p.setProperty("transforms.outbox.table.field.event.payload", "payload");
        p.setProperty("transforms.outbox.route.by.field", "topic");
        p.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
        p.setProperty("transforms.outbox.table.expand.json.payload", "false");
        p.setProperty(
                "transforms.outbox.table.fields.additional.placement",
                "id:header:message-id,message_type:header:message-type,saga_id:header:saga-id,"
                        + "correlation_id:header:correlation-id,occurred_at:header:occurred-at,"
                        + "traceparent:header:traceparent");
        return p;
    }

    /** Where the relay connects: parsed from the service's JDBC URL. */
    record Database(String jdbcUrl, String host, int port, String name, String user, String password) {

        static Database parse(String jdbcUrl, String user, String password) {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("the outbox relay needs a jdbc:postgresql:// URL, was: " + jdbcUrl);
            }
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            String path = uri.getPath();
            String name = path == null || path.length() <= 1 ? "postgres" : path.substring(1);
            return new Database(
                    jdbcUrl,
                    uri.getHost(),
                    uri.getPort() < 0 ? 5432 : uri.getPort(),
                    name,
                    user,
                    password == null ? "" : password);
        }
    }
}
