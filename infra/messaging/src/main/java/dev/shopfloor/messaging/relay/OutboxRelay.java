package dev.shopfloor.messaging.relay;

import dev.shopfloor.messaging.MessagingProperties;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes the service's committed outbox rows to Kafka: a Debezium embedded engine reads the {@code outbox} table
 * from the Postgres write-ahead log (logical decoding, {@code pgoutput}), Debezium's outbox event router turns each
 * row into a record (topic from the {@code topic} column, key from {@code message_key}, envelope columns as headers),
 * and an idempotent producer sends it.
 *
 * <p>Guarantees: at least once, and in commit order per partition. A batch's source positions are acknowledged to
 * Debezium only after Kafka acknowledged every record of the batch; positions are flushed to the service's own
 * {@code relay_offset} table ({@link JdbcOffsetBackingStore}). After a crash the relay resumes from the last flushed
 * position, so it may publish a message again with the same {@code message-id}; consumers' inboxes skip it. On
 * PostgreSQL 17 and later its slot is a failover slot ({@link FailoverSlots}), so with {@code sync_replication_slots}
 * on the standbys the relay resumes on a promoted standby from the same position.
 *
 * <p>Failure: when Kafka does not acknowledge a batch within {@code send-timeout}, or Postgres goes away, the engine
 * stops; the relay restarts it after {@code restart-backoff} for as long as the application runs.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";

    private final MessagingProperties.Relay settings;
    private final Database database;
    private final KafkaTemplate<String, String> kafka;
    private ExecutorService engineThread;
    private volatile DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private volatile boolean running;
    private volatile FailoverSlots.Kind slotKind;

    /**
     * @param jdbcUrl the service's database, {@code jdbc:postgresql://host:port/database}
     * @param user a login role with the REPLICATION attribute that owns the outbox table
     */
    public OutboxRelay(
            MessagingProperties.Relay settings,
            String jdbcUrl,
            String user,
            String password,
            KafkaTemplate<String, String> kafka) {
        this.settings = settings;
        this.database = Database.parse(jdbcUrl, user, password);
        this.kafka = kafka;
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
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            SourceRecord record = event.value();
            if (isMessage(record)) {
                acks.add(kafka.send(toProducerRecord(record)));
            }
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Nothing of this batch is acknowledged to Debezium: the restarted engine publishes it again.
            throw new IllegalStateException("Kafka did not acknowledge an outbox batch", e);
        }
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
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
        // First start (no offsets): publish what the outbox already holds, then stream. Later starts resume from
        // the stored position and take no snapshot.
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("poll.interval.ms", String.valueOf(settings.pollInterval().toMillis()));
        p.setProperty(
                "heartbeat.interval.ms",
                String.valueOf(settings.heartbeatInterval().toMillis()));
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
