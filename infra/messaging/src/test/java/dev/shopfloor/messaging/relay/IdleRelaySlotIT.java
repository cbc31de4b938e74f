package dev.shopfloor.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.Infrastructure;
import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

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

    @Test
    void keepsTheSlotOfAnIdleOutboxFromHoldingBackTheWalOtherDatabasesWrite() throws SQLException {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from pg_replication_slots where slot_name = ? and active")
                        .param(relay.slotName())
                        .query(Long.class)
                        .single()
                        .equals(1L));

        DatabaseLogin busy = Infrastructure.get().createDatabase("idle_relay_walfill");
        try (Connection connection = DriverManager.getConnection(busy.jdbcUrl(), busy.username(), busy.password());
                Statement statement = connection.createStatement()) {
            statement.execute("create table filler (id bigserial primary key, pad text)");
            for (int round = 0; round < 8; round++) {
                statement.execute("insert into filler (pad) select repeat('x', 1000) from generate_series(1, 7000)");
            }
        }
        long written = jdbc.sql("select pg_current_wal_lsn() - '0/0'")
                .query(Long.class)
                .single();

        // about 56 MB were written elsewhere; the idle slot's restart position follows to within a WAL segment or so
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
