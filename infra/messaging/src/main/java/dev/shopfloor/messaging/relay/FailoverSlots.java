package dev.shopfloor.messaging.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.PGProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logical replication slots of one Postgres database as failover slots. Since PostgreSQL 17 a slot created with
 * {@code failover} is copied to the standbys by their slot sync worker ({@code sync_replication_slots = on}), so that
 * its client resumes on a promoted standby where it left off instead of finding no slot there (docs/deployment.md,
 * "Failover and logical slots").
 *
 * <p>A slot is made a failover slot where it can be one, and a plain slot otherwise: on PostgreSQL before 17, on a
 * standby (PostgreSQL refuses failover slots there), or when failover slots are switched off. A plain slot that exists
 * already is turned into a failover slot while no client reads it ({@code ALTER_REPLICATION_SLOT ... (FAILOVER
 * true)}, which PostgreSQL takes only over a replication connection); it keeps its position. A slot in use stays as it
 * is until a later start finds it unused. Switching failover slots off makes new slots plain; it does not turn
 * existing failover slots back.
 *
 * <p>Failure: the methods throw {@link SQLException} when the database cannot be reached or refuses to create the
 * slot (for example a login without the REPLICATION attribute). A failed upgrade only logs a warning: the plain slot
 * goes on working, it just does not follow a failover.
 */
public final class FailoverSlots {

    /** The first PostgreSQL major version with failover slots. */
    public static final int FIRST_VERSION = 17;

    private static final Logger log = LoggerFactory.getLogger(FailoverSlots.class);

    /** What PostgreSQL accepts as a slot name; checked because the replication command cannot take a parameter. */
    private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");

    /**
     * How long an upgrade waits for its slot: PostgreSQL 17 makes {@code ALTER_REPLICATION_SLOT} wait while another
     * connection reads the slot, which happens when a second instance attaches between the check and the command.
     */
    private static final int UPGRADE_TIMEOUT_SECONDS = 5;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final boolean wanted;

    /**
     * @param jdbcUrl the database, {@code jdbc:postgresql://host:port/database}
     * @param user a login with the REPLICATION attribute
     * @param password its password, or {@code null}
     * @param wanted whether slots should be failover slots where the server has them
     */
    public FailoverSlots(String jdbcUrl, String user, String password, boolean wanted) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password == null ? "" : password;
        this.wanted = wanted;
    }

    /**
     * The kind of slot to create: a failover slot when it is wanted, the server is PostgreSQL 17 or later and it is
     * not a standby; otherwise a plain slot, with the reason.
     *
     * @param serverMajorVersion the server's major version, e.g. 17 for 17.6
     * @param standby whether the server is in recovery ({@code pg_is_in_recovery()})
     */
    public static Kind choose(boolean wanted, int serverMajorVersion, boolean standby) {
        if (!wanted) {
            return new Kind(false, "plain slot: failover slots are switched off");
        }
        if (serverMajorVersion < FIRST_VERSION) {
            return new Kind(false, "plain slot: PostgreSQL " + serverMajorVersion + " has no failover slots");
        }
        if (standby) {
            return new Kind(false, "plain slot: the server is a standby");
        }
        return Kind.FAILOVER;
    }

    /**
     * Creates the logical slot with the {@code pgoutput} plugin when it is missing, of the kind {@link #choose} gives
     * for this server, and logs which kind at INFO; upgrades an existing plain slot as the class describes.
     *
     * @param slot a slot name: lower-case letters, digits, underscores, at most 63
     * @return what the slot is now
     * @throws SQLException when the database cannot be reached or does not create the slot
     * @throws IllegalArgumentException when the name is not a slot name
     */
    public Kind createOrUpgrade(String slot) throws SQLException {
        checkName(slot);
        try (Connection connection = connect()) {
            Kind kind = choose(connection);
            Optional<Existing> existing = find(connection, slot);
            if (existing.isPresent()) {
                return upgrade(slot, existing.get(), kind);
            }
            String create = kind.failover()
                    ? "select pg_create_logical_replication_slot(?, 'pgoutput', false, false, true)"
                    : "select pg_create_logical_replication_slot(?, 'pgoutput')";
            try (PreparedStatement statement = connection.prepareStatement(create)) {
                statement.setString(1, slot);
                statement.execute();
            } catch (SQLException e) {
                if ("42710".equals(e.getSQLState())) { // duplicate_object: another instance created it first
                    return find(connection, slot)
                            .map(other -> upgrade(slot, other, kind))
                            .orElseThrow(() -> e);
                }
                throw e;
            }
            log.info("Created replication slot {} ({})", slot, kind.reason());
            return kind;
        }
    }

    /**
     * For a client that creates its slot itself (Debezium, with {@code slot.failover}): upgrades the slot as the class
     * describes if it exists.
     *
     * @param slot a slot name: lower-case letters, digits, underscores, at most 63
     * @return what the slot is now, or, when it does not exist, the kind to create
     * @throws SQLException when the database cannot be reached
     * @throws IllegalArgumentException when the name is not a slot name
     */
    public Kind upgradeIfPresent(String slot) throws SQLException {
        checkName(slot);
        try (Connection connection = connect()) {
            Kind kind = choose(connection);
            Optional<Existing> existing = find(connection, slot);
            return existing.isPresent() ? upgrade(slot, existing.get(), kind) : kind;
        }
    }

    private Kind choose(Connection connection) throws SQLException {
        int major = connection.getMetaData().getDatabaseMajorVersion();
        boolean standby;
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select pg_is_in_recovery()")) {
            row.next();
            standby = row.getBoolean(1);
        }
        return choose(wanted, major, standby);
    }

    private static Optional<Existing> find(Connection connection, String slot) throws SQLException {
        String query = connection.getMetaData().getDatabaseMajorVersion() >= FIRST_VERSION
                ? "select failover, active from pg_replication_slots where slot_name = ?"
                : "select false, active from pg_replication_slots where slot_name = ?";
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, slot);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new Existing(row.getBoolean(1), row.getBoolean(2))) : Optional.empty();
            }
        }
    }

    private Kind upgrade(String slot, Existing existing, Kind wanted) {
        if (existing.failover()) {
            return Kind.FAILOVER;
        }
        if (!wanted.failover()) {
            return wanted;
        }
        if (existing.active()) {
            log.info(
                    "Replication slot {} is a plain slot in use; a start that finds it unused makes it a failover slot",
                    slot);
            return new Kind(false, "plain slot in use, left as it is");
        }
        Properties replication = new Properties();
        PGProperty.USER.set(replication, user);
        PGProperty.PASSWORD.set(replication, password);
        PGProperty.REPLICATION.set(replication, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(replication, "9.4");
        PGProperty.PREFER_QUERY_MODE.set(replication, "simple"); // the replication protocol takes simple queries only
        try (Connection connection = DriverManager.getConnection(jdbcUrl, replication);
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(UPGRADE_TIMEOUT_SECONDS);
            statement.execute("ALTER_REPLICATION_SLOT \"" + slot + "\" ( FAILOVER true )");
        } catch (SQLException e) {
            log.warn(
                    "Replication slot {} stays a plain slot, it could not be made a failover slot: {}",
                    slot,
                    e.getMessage());
            return new Kind(false, "plain slot: upgrade failed (" + e.getMessage() + ")");
        }
        log.info("Replication slot {} was a plain slot and is now a failover slot", slot);
        return Kind.FAILOVER;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    private static void checkName(String slot) {
        if (slot == null || !SLOT_NAME.matcher(slot).matches()) {
            throw new IllegalArgumentException("not a replication slot name: " + slot);
        }
    }

    /**
     * What a slot is, or is to be.
     *
     * @param failover whether it is (to be) a failover slot
     * @param reason for the log: {@code failover slot}, or why it is a plain one
     */
    public record Kind(boolean failover, String reason) {

        static final Kind FAILOVER = new Kind(true, "failover slot");
    }

    private record Existing(boolean failover, boolean active) {}
}
