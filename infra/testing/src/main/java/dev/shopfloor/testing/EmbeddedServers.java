package dev.shopfloor.testing;

import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Postgres, a Kafka broker and Redis started from Maven artifacts, on free ports, with their data in a temporary
 * folder that is deleted when the JVM exits. Used by tests; the local runner starts the same classes with fixed
 * ports and a lasting data folder.
 */
public final class EmbeddedServers implements Infrastructure {

    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final RedisProcess redis;

    private EmbeddedServers(PostgresServer postgres, KafkaBroker kafka, RedisProcess redis) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.redis = redis;
    }

    /** Starts all three in a temporary folder; a shutdown hook stops them and deletes the folder. */
    public static EmbeddedServers startTemporary() {
        try {
            Path root = Files.createTempDirectory("shopfloor-test-infra");
            PostgresServer postgres = PostgresServer.start(0, null);
            int[] kafkaPorts = Ports.free(2); // listener and controller: two different ports
            KafkaBroker kafka = KafkaBroker.start(root.resolve("kafka"), kafkaPorts[0], kafkaPorts[1]);
            RedisProcess redis = RedisProcess.start(Ports.free(), null, "64mb");
            EmbeddedServers servers = new EmbeddedServers(postgres, kafka, redis);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                servers.stop();
                deleteRecursively(root);
            }));
            return servers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String redisHost() {
        return "localhost";
    }

    @Override
    public int redisPort() {
        return redis.port();
    }

    @Override
    public DatabaseLogin createDatabase(String name) {
        return postgres.createSuperuserDatabase(name);
    }

    private void stop() {
        for (AutoCloseable server : new AutoCloseable[] {kafka, redis, postgres}) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Stopping " + server + " failed: " + e);
            }
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary folder
        }
    }
}
