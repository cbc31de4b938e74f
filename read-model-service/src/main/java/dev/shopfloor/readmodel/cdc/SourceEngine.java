package dev.shopfloor.readmodel.cdc;

import dev.shopfloor.messaging.relay.FailoverSlots;
import dev.shopfloor.readmodel.config.ReadModelProperties;
import dev.shopfloor.readmodel.projection.Generation;
import dev.shopfloor.readmodel.projection.Position;
import dev.shopfloor.readmodel.projection.Projection;
import dev.shopfloor.readmodel.projection.RowChange;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Debezium embedded engine (Postgres connector, {@code pgoutput}) on one source database's captured tables,
 * feeding one {@link Generation} of the projection.
 *
 * <p>Changes are applied one source transaction at a time ({@code provide.transaction.metadata}: a transaction's
 * changes are held until its {@code END} record, then applied in one projection transaction), so a query never sees
 * half of a source transaction, e.g. an order without its lines. Snapshot rows are applied per batch. Debezium's
 * offsets are acknowledged only up to what the projection committed, and stored in the read model's own database
 * (infra/messaging's {@code JdbcOffsetBackingStore}); the projection's own positions make a replay harmless.
 *
 * <p>On start it creates, with the source login, the publication over the captured tables when it is missing (the
 * login owns the tables); Debezium creates the replication slot {@code <prefix>_<source>_g<n>} and takes the initial
 * snapshot on the first start. The slot is a failover slot where the source has them (PostgreSQL 17 and later, on a
 * primary) and {@code failover-slots} is on: Debezium's {@code slot.failover}; a plain slot of an earlier start is
 * made one if no one reads it ({@link FailoverSlots}). Every {@code heartbeat-interval} the engine writes a logical
 * decoding message into the source's WAL ({@code pg_logical_emit_message}, no table), which it then reads back and
 * acknowledges, so the slot of an idle source keeps moving and does not retain the WAL that other databases of the
 * cluster write. A source transaction that carries a traceparent message ({@link ProjectionTracing}) is projected
 * inside a span of that trace; {@link #retainedWalBytes()} tells how much WAL the slot holds back.
 *
 * <p>Failure: when the source is down or its tables do not exist yet, the engine stops and starts again after
 * {@code restart-backoff}, for as long as it is not stopped.
 */
public final class SourceEngine {

    private static final Logger log = LoggerFactory.getLogger(SourceEngine.class);

    private static final String HEARTBEAT_PREFIX = "readmodel-heartbeat";

    private final String source;
    private final ReadModelProperties.Source database;
    private final ReadModelProperties.Cdc settings;
    private final Generation generation;
    private final Projection projection;
    private final ProjectionMetrics metrics;
    private final ProjectionTracing tracing;
    private final BiConsumer<Generation, Set<Long>> afterCommit;
    private final OffsetStore offsets;
    private final ExecutorService thread;
    private volatile DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private volatile boolean running;
    private volatile boolean streaming;
    private volatile Position lastApplied;
    private volatile FailoverSlots.Kind slotKind;

    // State of the source transaction being read; touched by the engine's thread only.
    private final List<ChangeEvent<SourceRecord, SourceRecord>> held = new ArrayList<>();
    private final List<RowChange> transaction = new ArrayList<>();
    private final List<RowChange> snapshot = new ArrayList<>();
    private boolean inTransaction;
    private Position transactionEnd;
    private long transactionCommitMicros;
    private long transactionId = -1;
    // The traceparent message last read and the source transaction it belongs to (-1: none).
    private String traceparent;
    private long traceparentTransactionId = -1;

    /**
     * Where Debezium keeps its offsets: the read model's own database.
     *
     * @param jdbcUrl {@code jdbc:postgresql://...} of the read model's database (table {@code relay_offset})
     */
    public record OffsetStore(String jdbcUrl, String user, String password) {}

    /** @param afterCommit told which orders' views changed, after the projection transaction committed */
    public SourceEngine(
            String source,
            ReadModelProperties.Source database,
            ReadModelProperties.Cdc settings,
            Generation generation,
            Projection projection,
            ProjectionMetrics metrics,
            ProjectionTracing tracing,
            BiConsumer<Generation, Set<Long>> afterCommit,
            OffsetStore offsets) {
        this.source = source;
        this.database = database;
        this.settings = settings;
        this.generation = generation;
        this.projection = projection;
        this.metrics = metrics;
        this.tracing = tracing;
        this.afterCommit = afterCommit;
        this.offsets = offsets;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .name("cdc-" + source + "-" + generation.schema())
                .daemon()
                .factory());
    }

    public String source() {
        return source;
    }

    public Generation generation() {
        return generation;
    }

    /** {@code <prefix>_<source>_g<n>}: slots are per cluster, so the source's name keeps them apart. */
    public String slotName() {
        String name = (settings.slotPrefix() + "_" + source + "_" + generation.schema())
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /**
     * Bytes of WAL the engine's slot holds back on its source: {@code pg_current_wal_lsn() - restart_lsn}, queried now
     * (connection and query bounded to a few seconds). NaN when the slot does not exist (yet), has no restart LSN, or
     * the source cannot be asked; never throws.
     */
    public double retainedWalBytes() {
        Properties login = new Properties();
        login.setProperty("user", database.username());
        login.setProperty("password", database.passwordOrEmpty());
        login.setProperty("connectTimeout", "2");
        login.setProperty("loginTimeout", "2");
        login.setProperty("socketTimeout", "5");
        try (Connection connection = DriverManager.getConnection(database.url(), login);
                PreparedStatement query = connection.prepareStatement(
                        "select pg_current_wal_lsn() - restart_lsn from pg_replication_slots where slot_name = ?")) {
            query.setString(1, slotName());
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    double retained = row.getDouble(1);
                    return row.wasNull() ? Double.NaN : retained;
                }
                return Double.NaN;
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("cannot read the WAL retained by slot {}: {}", slotName(), e.getMessage());
            return Double.NaN;
        }
    }

    /** The engine's name; also the owner of its offset rows. */
    public String engineName() {
        return "readmodel-" + source + "-" + generation.schema();
    }

    /** Whether the engine finished its snapshot and reads the WAL (it has seen a streamed record since start). */
    public boolean isStreaming() {
        return streaming;
    }

    /** The last streamed position this engine applied, or null. */
    public Position lastApplied() {
        return lastApplied;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread.execute(this::launch);
    }

    /** Stops the engine; with {@code dropSlot} also removes its replication slot and offsets (a retired generation). */
    public synchronized void stop(boolean dropSlot) {
        running = false;
        closeEngine();
        thread.shutdownNow();
        try {
            thread.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dropSlot) {
            dropSlot();
            deleteOffsets();
        }
    }

    private void launch() {
        if (!running) {
            return;
        }
        try {
            ensurePublication();
            slotKind = new FailoverSlots(
                            database.url(), database.username(), database.passwordOrEmpty(), settings.failoverSlots())
                    .upgradeIfPresent(slotName());
        } catch (SQLException | RuntimeException e) {
            log.info(
                    "CDC of {} not started yet ({}); retrying in {}",
                    source,
                    e.getMessage(),
                    settings.restartBackoff());
            scheduleRestart();
            return;
        }
        held.clear();
        transaction.clear();
        snapshot.clear();
        inTransaction = false;
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> created = DebeziumEngine.create(Connect.class)
                .using(properties())
                .notifying(this::handleBatch)
                .using((success, message, error) -> {
                    if (running) {
                        log.warn(
                                "CDC engine of {} stopped ({}); restarting in {}",
                                source,
                                message,
                                settings.restartBackoff(),
                                error);
                        scheduleRestart();
                    }
                })
                .build();
        engine = created;
        log.info("CDC of {} ({}) started on slot {} ({})", source, generation.schema(), slotName(), slotKind.reason());
        created.run();
    }

    private void scheduleRestart() {
        Thread.ofPlatform().name("cdc-restart-" + source).daemon().start(() -> {
            try {
                Thread.sleep(settings.restartBackoff());
                synchronized (this) {
                    if (running) {
                        closeEngine();
                        thread.execute(this::launch);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // stopped meanwhile
            }
        });
    }

    private void handleBatch(
            List<ChangeEvent<SourceRecord, SourceRecord>> batch,
            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        long deliveredMicros = nowMicros();
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            SourceRecord record = event.value();
            held.add(event);
            switch (ChangeRecords.kind(record)) {
                case TRANSACTION -> {
                    if ("BEGIN".equals(ChangeRecords.transactionStatus(record))) {
                        applySnapshot(committer);
                        inTransaction = true;
                        transaction.clear();
                        transactionEnd = null;
                    } else {
                        // The END record's offset names this transaction's own commit LSN (lsn_commit = lsn): a
                        // position from the stream itself. A change's offset names the commit before it as Debezium's
                        // own state has it, which is stale when its stored offsets are older than the slot.
                        transactionEnd = ChangeRecords.position(record);
                        applyTransaction(deliveredMicros);
                        inTransaction = false;
                        acknowledgeHeld(committer);
                    }
                }
                case CHANGE -> {
                    if (ChangeRecords.isSnapshot(record)) {
                        snapshot.add(ChangeRecords.rowChange(record));
                    } else {
                        streaming = true;
                        transaction.add(ChangeRecords.rowChange(record));
                        transactionEnd = ChangeRecords.position(record);
                        transactionCommitMicros = ChangeRecords.commitMicros(record);
                        transactionId = ChangeRecords.transactionId(record);
                        if (!inTransaction) {
                            // No metadata around it (should not happen with provide.transaction.metadata): apply alone.
                            applyTransaction(deliveredMicros);
                            acknowledgeHeld(committer);
                        }
                    }
                }
                case OTHER -> {
                    ChangeRecords.message(record, ProjectionTracing.MESSAGE_PREFIX)
                            .ifPresent(message -> {
                                traceparent = message;
                                traceparentTransactionId = ChangeRecords.transactionId(record);
                            });
                    if (!ChangeRecords.isTombstone(record)) {
                        streaming = true; // heartbeats and logical messages come only once the WAL is read
                    }
                    if (!inTransaction && snapshot.isEmpty()) {
                        acknowledgeHeld(committer);
                    }
                }
            }
        }
        applySnapshot(committer);
        committer.markBatchFinished();
    }

    private void applySnapshot(DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        if (!snapshot.isEmpty()) {
            Projection.Applied applied = projection.apply(generation, source, List.copyOf(snapshot), null);
            snapshot.clear();
            afterCommit.accept(generation, applied.orderIds());
        }
        if (!inTransaction) {
            acknowledgeHeld(committer);
        }
    }

    private void applyTransaction(long deliveredMicros) {
        // the traceparent belongs to this transaction only if the source wrote it in this transaction
        String parent = traceparentTransactionId == transactionId && transactionId >= 0 ? traceparent : null;
        traceparent = null;
        traceparentTransactionId = -1;
        if (transaction.isEmpty()) {
            return;
        }
        List<RowChange> changes = List.copyOf(transaction);
        Projection.Applied applied =
                tracing.project(source, parent, () -> projection.apply(generation, source, changes, transactionEnd));
        long committedMicros = nowMicros();
        transaction.clear();
        if (!applied.skipped()) {
            lastApplied = transactionEnd;
            afterCommit.accept(generation, applied.orderIds());
            metrics.record(source, transactionCommitMicros, deliveredMicros, committedMicros);
        }
    }

    /** Acknowledges, in stream order, every record read so far: all of them are applied or need no applying. */
    private void acknowledgeHeld(DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        for (ChangeEvent<SourceRecord, SourceRecord> event : held) {
            committer.markProcessed(event);
        }
        held.clear();
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private void closeEngine() {
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> current = engine;
        engine = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                log.debug("Closing the CDC engine of {} failed", source, e);
            }
        }
    }

    private void ensurePublication() throws SQLException {
        try (Connection connection = sourceConnection();
                PreparedStatement exists =
                        connection.prepareStatement("select 1 from pg_publication where pubname = ?")) {
            exists.setString(1, settings.publication());
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            String tables = database.tables().stream()
                    .map(table -> "public." + identifier(table))
                    .collect(Collectors.joining(", "));
            try (Statement create = connection.createStatement()) {
                create.execute("create publication " + identifier(settings.publication()) + " for table " + tables);
            } catch (SQLException e) {
                if (!"42710".equals(e.getSQLState())) { // duplicate_object: another instance created it first
                    throw e;
                }
            }
        }
    }

    private void dropSlot() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Connection connection = sourceConnection();
                    PreparedStatement drop = connection.prepareStatement(
                            "select pg_drop_replication_slot(slot_name) from pg_replication_slots"
                                    + " where slot_name = ? and not active")) {
                drop.setString(1, slotName());
                drop.execute();
                try (PreparedStatement left =
                        connection.prepareStatement("select 1 from pg_replication_slots where slot_name = ?")) {
                    left.setString(1, slotName());
                    try (ResultSet rows = left.executeQuery()) {
                        if (!rows.next()) {
                            return;
                        }
                    }
                }
                Thread.sleep(250);
            } catch (SQLException e) {
                log.warn("cannot drop replication slot {}: {}", slotName(), e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("replication slot {} is still in use; left in place", slotName());
    }

    private void deleteOffsets() {
        try (Connection connection =
                        DriverManager.getConnection(offsets.jdbcUrl(), offsets.user(), offsets.password());
                PreparedStatement delete = connection.prepareStatement("delete from relay_offset where owner = ?")) {
            delete.setString(1, engineName());
            delete.executeUpdate();
        } catch (SQLException e) {
            log.warn("cannot delete the offsets of {}: {}", engineName(), e.getMessage());
        }
    }

    private Connection sourceConnection() throws SQLException {
        return DriverManager.getConnection(database.url(), database.username(), database.passwordOrEmpty());
    }

    private Properties properties() {
        URI uri = URI.create(database.url().substring("jdbc:".length()));
        String dbname = uri.getPath().substring(1);
        Properties p = new Properties();
        p.setProperty("name", engineName());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "dev.shopfloor.messaging.relay.JdbcOffsetBackingStore");
        p.setProperty("offset.storage.jdbc.url", offsets.jdbcUrl());
        p.setProperty("offset.storage.jdbc.user", offsets.user());
        p.setProperty("offset.storage.jdbc.password", offsets.password());
        p.setProperty("offset.storage.jdbc.owner", engineName());
        p.setProperty(
                "offset.flush.interval.ms",
                String.valueOf(settings.offsetFlushInterval().toMillis()));
        p.setProperty("database.hostname", uri.getHost());
        p.setProperty("database.port", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()));
        p.setProperty("database.user", database.username());
        p.setProperty("database.password", database.passwordOrEmpty());
        p.setProperty("database.dbname", dbname);
        p.setProperty("topic.prefix", engineName());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slotName());
        // Debezium 3.6 makes the slot it creates a failover slot only on a PostgreSQL 17+ primary anyway; the decision
        // is ours so that the log says which kind and why.
        p.setProperty("slot.failover", String.valueOf(slotKind.failover()));
        p.setProperty("publication.name", settings.publication());
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty(
                "table.include.list",
                database.tables().stream().map(table -> "public." + table).collect(Collectors.joining(",")));
        // The slot is where a restart resumes, not the stored offsets: the slot only moves past what the projection
        // committed (Debezium confirms a position once its offsets are acknowledged), and the projection's positions
        // skip what a replay brings again. The offsets can be older than the slot when a new leader loaded them before
        // the old leader's last flush; with Debezium's default ('no_validation') an engine whose offsets are older than
        // the slot's restart LSN then refuses to start, at every restart ("no longer available on the server").
        p.setProperty("offset.mismatch.strategy", "trust_slot");
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("provide.transaction.metadata", "true");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("poll.interval.ms", String.valueOf(settings.pollInterval().toMillis()));
        p.setProperty(
                "heartbeat.interval.ms",
                String.valueOf(settings.heartbeatInterval().toMillis()));
        p.setProperty(
                "heartbeat.action.query",
                "SELECT pg_logical_emit_message(false, '" + HEARTBEAT_PREFIX + "', now()::text)");
        // Logical decoding messages read: the heartbeat's, and the traceparents the services write with their outbox
        // rows (ProjectionTracing). Others (any other tool's) are skipped by Debezium. Regular expressions.
        p.setProperty(
                "message.prefix.include.list",
                Pattern.quote(HEARTBEAT_PREFIX) + "," + Pattern.quote(ProjectionTracing.MESSAGE_PREFIX));
        return p;
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return name;
    }
}
