package dev.shopfloor.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.testing.Infrastructure;
import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/** {@link FailoverSlots} on the real Postgres 17 of infra/testing, as a login with the REPLICATION attribute. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailoverSlotsIT {

    DatabaseLogin login;

    @BeforeAll
    void database() throws SQLException {
        login = Infrastructure.get().createDatabase("failover_slots_it");
        execute("create table captured (id bigint primary key)");
        execute("create publication failover_slots_it for table captured");
    }

    @AfterAll
    void dropSlots() throws SQLException {
        execute("select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name like 'fsit_%'");
    }

    @Test
    void createsAMissingSlotAsAFailoverSlot() throws SQLException {
        FailoverSlots.Kind kind = slots(true).createOrUpgrade("fsit_new");

        assertThat(kind.failover()).isTrue();
        assertThat(failover("fsit_new")).isTrue();
        assertThat(plugin("fsit_new")).isEqualTo("pgoutput");
    }

    @Test
    void createsAPlainSlotWhenFailoverSlotsAreSwitchedOff() throws SQLException {
        FailoverSlots.Kind kind = slots(false).createOrUpgrade("fsit_off");

        assertThat(kind.failover()).isFalse();
        assertThat(failover("fsit_off")).isFalse();
    }

    @Test
    void turnsAnUnusedPlainSlotIntoAFailoverSlotWhereItStood() throws SQLException {
        execute("select pg_create_logical_replication_slot('fsit_plain', 'pgoutput')");
        execute("insert into captured values (1)");
        String position = confirmedFlushLsn("fsit_plain");

        FailoverSlots.Kind kind = slots(true).createOrUpgrade("fsit_plain");

        assertThat(kind.failover()).isTrue();
        assertThat(failover("fsit_plain")).isTrue();
        assertThat(confirmedFlushLsn("fsit_plain")).isEqualTo(position);
    }

    @Test
    void upgradesAnExistingSlotButCreatesNoneForAClientThatCreatesItsOwn() throws SQLException {
        execute("select pg_create_logical_replication_slot('fsit_debezium_old', 'pgoutput')");
        FailoverSlots slots = slots(true);

        FailoverSlots.Kind missing = slots.upgradeIfPresent("fsit_debezium_new");
        FailoverSlots.Kind existing = slots.upgradeIfPresent("fsit_debezium_old");

        assertThat(missing.failover()).isTrue();
        assertThat(exists("fsit_debezium_new")).isFalse();
        assertThat(existing.failover()).isTrue();
        assertThat(failover("fsit_debezium_old")).isTrue();
    }

    @Test
    void leavesAPlainSlotThatAClientReadsAsItIs() throws Exception {
        execute("select pg_create_logical_replication_slot('fsit_busy', 'pgoutput')");
        try (Connection reader = DriverManager.getConnection(login.jdbcUrl(), replication());
                PGReplicationStream stream = reader.unwrap(PGConnection.class)
                        .getReplicationAPI()
                        .replicationStream()
                        .logical()
                        .withSlotName("fsit_busy")
                        .withSlotOption("proto_version", "1")
                        .withSlotOption("publication_names", "failover_slots_it")
                        .start()) {
            stream.readPending();
            assertThat(active("fsit_busy")).isTrue();
            Instant before = Instant.now();

            FailoverSlots.Kind kind = slots(true).createOrUpgrade("fsit_busy");

            assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(3));
            assertThat(kind.failover()).isFalse();
            assertThat(failover("fsit_busy")).isFalse();
        }
    }

    @Test
    void keepsAFailoverSlotWhenFailoverSlotsAreSwitchedOff() throws SQLException {
        execute("select pg_create_logical_replication_slot('fsit_kept', 'pgoutput', false, false, true)");

        FailoverSlots.Kind kind = slots(false).createOrUpgrade("fsit_kept");

        assertThat(kind.failover()).isTrue();
        assertThat(failover("fsit_kept")).isTrue();
    }

    private FailoverSlots slots(boolean wanted) {
        return new FailoverSlots(login.jdbcUrl(), login.username(), login.password(), wanted);
    }

    private Properties replication() {
        Properties properties = new Properties();
        PGProperty.USER.set(properties, login.username());
        PGProperty.PASSWORD.set(properties, login.password());
        PGProperty.REPLICATION.set(properties, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "9.4");
        PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        return properties;
    }

    private boolean failover(String slot) throws SQLException {
        return "true".equals(slotColumn(slot, "failover"));
    }

    private boolean active(String slot) throws SQLException {
        return "true".equals(slotColumn(slot, "active"));
    }

    private String plugin(String slot) throws SQLException {
        return slotColumn(slot, "plugin");
    }

    private String confirmedFlushLsn(String slot) throws SQLException {
        return slotColumn(slot, "confirmed_flush_lsn");
    }

    private boolean exists(String slot) throws SQLException {
        return slotColumn(slot, "slot_name") != null;
    }

    /** One column of the slot's row in pg_replication_slots as text, or null when there is no such slot. */
    private String slotColumn(String slot, String column) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "select " + column + "::text from pg_replication_slots where slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(login.jdbcUrl(), login.username(), login.password());
    }
}
