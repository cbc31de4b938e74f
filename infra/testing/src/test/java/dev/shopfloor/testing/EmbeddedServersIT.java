package dev.shopfloor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EmbeddedServersIT {

    private final Infrastructure infrastructure = Infrastructure.get();

    @Test
    void postgresRunsWithLogicalDecodingAndFreshDatabases() throws Exception {
        DatabaseLogin login = infrastructure.createDatabase(
                "smoke_" + UUID.randomUUID().toString().replace("-", ""));
        try (Connection connection = DriverManager.getConnection(login.jdbcUrl(), login.username(), login.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("show wal_level")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("logical");
        }
    }

    @Test
    void kafkaDeliversWhatItWasSentWithHeaders() {
        String key = UUID.randomUUID().toString();
        try (KafkaTestClient kafka = new KafkaTestClient(infrastructure.kafkaBootstrapServers())) {
            kafka.send("smoke.test", key, Map.of("message-type", "smoke.Sent.v1"), "{\"hello\":1}");
            ConsumerRecord<String, String> read =
                    kafka.awaitRecord("smoke.test", r -> key.equals(r.key()), Duration.ofSeconds(30));
            assertThat(read.value()).isEqualTo("{\"hello\":1}");
            assertThat(KafkaTestClient.header(read, "message-type")).isEqualTo("smoke.Sent.v1");
        }
    }

    @Test
    void redisAnswersAndEvictsByLru() throws Exception {
        try (Socket socket = new Socket(infrastructure.redisHost(), infrastructure.redisPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("CONFIG GET maxmemory-policy\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256];
            int read = in.read(buffer);
            assertThat(new String(buffer, 0, read, StandardCharsets.US_ASCII)).contains("allkeys-lru");
        }
    }
}
