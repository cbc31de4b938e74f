package dev.shopfloor.messaging.relay;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Keeps the relay's Debezium offsets (source positions, LSNs) in the service's own database, table
 * {@code relay_offset}, so they outlive the process and its pod: a file on local disk would be lost with the pod and
 * the relay would then replay or skip events.
 *
 * <p>Debezium instantiates this class by name and hands it the engine configuration; it reads
 * {@code offset.storage.jdbc.url}, {@code .user}, {@code .password} and {@code offset.storage.jdbc.owner} (one relay's
 * rows). Every flush writes all of the relay's offsets in one transaction.
 *
 * @throws ConnectException from {@link #start()} or a flush when the database cannot be reached; Debezium then stops
 *     the engine and the relay restarts it
 */
public class JdbcOffsetBackingStore extends MemoryOffsetBackingStore {

    static final String URL = "offset.storage.jdbc.url";
    static final String USER = "offset.storage.jdbc.user";
    static final String PASSWORD = "offset.storage.jdbc.password";
    static final String OWNER = "offset.storage.jdbc.owner";

    private String url;
    private String user;
    private String password;
    private String owner;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, String> originals = config.originalsStrings();
        url = originals.get(URL);
        user = originals.get(USER);
        password = originals.get(PASSWORD);
        owner = originals.get(OWNER);
    }

    @Override
    public synchronized void start() {
        super.start();
        try (Connection connection = connect();
                PreparedStatement select = connection.prepareStatement(
                        "select offset_key, offset_value from relay_offset where owner = ?")) {
            select.setString(1, owner);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byte[] value = rows.getBytes(2);
                    data.put(ByteBuffer.wrap(rows.getBytes(1)), value == null ? null : ByteBuffer.wrap(value));
                }
            }
        } catch (SQLException e) {
            throw new ConnectException("cannot read relay offsets of " + owner, e);
        }
    }

    @Override
    protected void save() {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement("""
                    insert into relay_offset (owner, offset_key, offset_value, updated_at) values (?, ?, ?, now())
                    on conflict (owner, offset_key) do update set offset_value = excluded.offset_value, updated_at = now()
                    """)) {
                for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
                    upsert.setString(1, owner);
                    upsert.setBytes(2, bytes(entry.getKey()));
                    upsert.setBytes(3, entry.getValue() == null ? null : bytes(entry.getValue()));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new ConnectException("cannot write relay offsets of " + owner, e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
