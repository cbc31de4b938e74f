package dev.shopfloor.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shopfloor.messaging.MessageType;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.messaging.outbox.Outbox;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.Infrastructure;
import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A service whose outbox stays idle while other databases of its Postgres cluster are busy (several services on one
 * server, as locally): its relay's slot must not hold back the WAL those databases write, or the server's disk fills
 * with WAL no one needs (PostgreSQL documentation, "Replication Slots": a slot retains WAL until its consumer
 * confirms a position past it).
 */
@SpringBootTest(properties = "shopfloor.messaging.relay.heartbeat-interval=500ms")
@EmbeddedInfrastructure
class IdleRelaySlotIT {

    static final long MEGABYTE = 1024L * 1024;

    @Autowired
    OutboxRelay relay;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void keepsTheSlotOfAnIdleOutboxFromHoldingBackTheWalOtherDatabasesWrite() throws SQLException {
        awaitSlotActive();
        assertRestartFollows(fillWalElsewhere("idle_relay_walfill"));
    }

    /**
     * The same after a restart with stored offsets, the usual case after a deploy: Debezium first looks for where to
     * resume (the first transaction committed after its stored position) and confirms nothing until it finds it. The
     * heartbeat's message is transactional so that it ends that search; a non-transactional one did not, and an idle
     * outbox held its WAL from the restart until the service's next message.
     */
    @Test
    void keepsItUpAfterARestartWithStoredOffsetsWhileTheOutboxStaysIdle() throws SQLException {
        awaitSlotActive();
        String key = "idle" + System.nanoTime();
        transactions.executeWithoutResult(tx -> outbox.append(new OutboundMessage(
                Topics.INVENTORY_COMMANDS,
                key,
                MessageType.of("inventory.ReserveStock.v1"),
                "saga-" + key,
                key,
                Map.of("orderId", key))));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from outbox where message_key = ? and published_at is not null")
                        .param(key)
                        .query(Long.class)
                        .single()
                        .equals(1L));
        relay.stop();
        relay.start();
        awaitSlotActive();

        assertRestartFollows(fillWalElsewhere("idle_relay_walfill_restart"));
    }

    private void awaitSlotActive() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from pg_replication_slots where slot_name = ? and active")
                        .param(relay.slotName())
                        .query(Long.class)
                        .single()
                        .equals(1L));
    }

    /** Writes about 56 MB of WAL into another database of the server; returns the WAL position after it. */
    private long fillWalElsewhere(String database) throws SQLException {
        DatabaseLogin busy = Infrastructure.get().createDatabase(database);
        try (Connection connection = DriverManager.getConnection(busy.jdbcUrl(), busy.username(), busy.password());
                Statement statement = connection.createStatement()) {
            statement.execute("create table filler (id bigserial primary key, pad text)");
            for (int round = 0; round < 8; round++) {
                statement.execute("insert into filler (pad) select repeat('x', 1000) from generate_series(1, 7000)");
            }
        }
        return jdbc.sql("select pg_current_wal_lsn() - '0/0'").query(Long.class).single();
    }

    /** The idle slot's restart position follows the WAL written elsewhere to within a WAL segment or so. */
    private void assertRestartFollows(long written) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(
                                jdbc.sql("select restart_lsn - '0/0' from pg_replication_slots where slot_name = ?")
                                        .param(relay.slotName())
                                        .query(Long.class)
                                        .single())
                        .isGreaterThan(written - 16 * MEGABYTE));
    }
}
