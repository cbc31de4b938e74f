package dev.shopfloor.testing;

import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same three servers as {@link EmbeddedServers}, from container images through Testcontainers
 * ({@code PLATFORM_INFRA=containers}). Without a Docker engine every test that needs them is skipped.
 */
final class ContainerServers implements Infrastructure {

    private final PostgreSQLContainer postgres;
    private final KafkaContainer kafka;
    private final GenericContainer<?> redis;

    private ContainerServers(PostgreSQLContainer postgres, KafkaContainer kafka, GenericContainer<?> redis) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.redis = redis;
    }

    static ContainerServers start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new TestAbortedException("PLATFORM_INFRA=containers, but no Docker engine answers");
        }
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17")
                .withCommand(
                        "postgres",
                        "-c",
                        "wal_level=logical",
                        "-c",
                        "max_replication_slots=64",
                        "-c",
                        "max_wal_senders=64",
                        "-c",
                        "wal_writer_delay=10ms");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
        GenericContainer<?> redis = new GenericContainer<>("redis:7")
                .withCommand("redis-server", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru")
                .withExposedPorts(6379);
        postgres.start();
        kafka.start();
        redis.start();
        return new ContainerServers(postgres, kafka, redis);
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String redisHost() {
        return redis.getHost();
    }

    @Override
    public int redisPort() {
        return redis.getMappedPort(6379);
    }

    @Override
    public DatabaseLogin createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(
                        postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        String url = "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/" + name;
        return new DatabaseLogin(url, postgres.getUsername(), postgres.getPassword());
    }
}
