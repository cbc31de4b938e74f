package dev.shopfloor.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.testing.Infrastructure;
import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * {@link PublishedRows} on the real Postgres 17 of infra/testing, with the library's migrations. No relay runs: the
 * tests play its part (Kafka acknowledged these ids; the slot confirmed this position), so that the moments that race
 * in production, a commit becoming visible and a slot confirming, happen here in a fixed order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishedRowsIT {

    private static final int ATTEMPTS = 3;

    DatabaseLogin login;
    JdbcClient jdbc;

    @BeforeAll
    void database() {
        login = Infrastructure.get().createDatabase("published_rows_it");
        Flyway.configure()
                .dataSource(login.jdbcUrl(), login.username(), login.password())
                .locations("classpath:db/messaging")
                .load()
                .migrate();
        jdbc = JdbcClient.create(new SimpleDriverDataSource(
                new org.postgresql.Driver(), login.jdbcUrl(), login.username(), login.password()));
    }

    @Test
    void marksARowWhoseCommitWasNotYetVisibleWhenKafkaAcknowledgedIt() throws SQLException {
        PublishedRows rows = new PublishedRows(jdbc, "no_such_slot", ATTEMPTS);
        UUID id = UUID.randomUUID();
        try (Connection writer = connect()) {
            writer.setAutoCommit(false);
            insert(writer, id);
            // Decoded and acknowledged, but the writer's commit is not visible to other sessions yet: the case where
            // the relay's update runs between the commit record reaching the WAL and the commit becoming visible.
            assertThat(marked(id)).as("visible to the relay's session").isEmpty();
            rows.acknowledged(List.of(id));
            writer.commit();
        }

        rows.retry();

        assertThat(isMarked(id)).isTrue();
        assertThat(rows.pending()).doesNotContain(id);
    }

    @Test
    void marksAPendingRowWithTheNextBatch() throws SQLException {
        PublishedRows rows = new PublishedRows(jdbc, "no_such_slot", ATTEMPTS);
        UUID early = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        try (Connection writer = connect()) {
            writer.setAutoCommit(false);
            insert(writer, early);
            rows.acknowledged(List.of(early));
            writer.commit();
        }
        insertCommitted(next);

        rows.acknowledged(List.of(next));

        assertThat(isMarked(early)).isTrue();
        assertThat(isMarked(next)).isTrue();
        assertThat(rows.pending()).isEmpty();
    }

    @Test
    void givesUpOnAnAcknowledgedRowThatNoLongerExists() {
        PublishedRows rows = new PublishedRows(jdbc, "no_such_slot", ATTEMPTS);
        UUID deleted = UUID.randomUUID();

        rows.acknowledged(List.of(deleted));
        for (int attempt = 1; attempt < ATTEMPTS; attempt++) {
            rows.retry();
        }
        assertThat(rows.pending()).containsExactly(deleted);
        rows.retry();

        assertThat(rows.pending()).isEmpty();
    }

    @Test
    void marksRowsLeftUnmarkedByARestartOnceTheSlotConfirmsAPositionPastThem() throws SQLException {
        String slot = "published_rows_it_" + System.nanoTime();
        jdbc.sql("select pg_create_logical_replication_slot(?, 'pgoutput')")
                .param(slot)
                .query()
                .singleValue();
        try {
            // published by the relay's previous run, which stopped before it could mark it
            UUID leftOver = UUID.randomUUID();
            insertCommitted(leftOver);
            PublishedRows rows = new PublishedRows(jdbc, slot, ATTEMPTS);
            rows.afterRestart();

            rows.retry();
            assertThat(isMarked(leftOver))
                    .as("not marked while the slot's confirmed position is before the row's commit")
                    .isFalse();

            UUID later = UUID.randomUUID();
            insertCommitted(later);
            jdbc.sql("select pg_replication_slot_advance(?, pg_current_wal_lsn())")
                    .param(slot)
                    .query()
                    .singleRow();
            rows.retry();

            assertThat(isMarked(leftOver)).isTrue();
            assertThat(isMarked(later))
                    .as("committed after the restart: the relay publishes it and marks it itself")
                    .isFalse();
        } finally {
            jdbc.sql("select pg_drop_replication_slot(?)").param(slot).query().singleValue();
        }
    }

    private boolean isMarked(UUID id) {
        return marked(id).orElseThrow();
    }

    /** Whether the row has a {@code published_at}; empty when this session does not see the row. */
    private Optional<Boolean> marked(UUID id) {
        return jdbc.sql("select published_at is not null from outbox where id = ?")
                .param(id)
                .query(Boolean.class)
                .optional();
    }

    private void insertCommitted(UUID id) throws SQLException {
        try (Connection writer = connect()) {
            insert(writer, id);
        }
    }

    private static void insert(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into outbox (id, topic, message_key, message_type, correlation_id, occurred_at, payload)
                values (?, 'published-rows-it', 'key', 'test.Row.v1', 'key', now(), '{}')
                """)) {
            insert.setObject(1, id);
            insert.executeUpdate();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(login.jdbcUrl(), login.username(), login.password());
    }
}
