package dev.shopfloor.testing;

import dev.shopfloor.testing.PostgresServer.DatabaseLogin;

/**
 * The servers a test stands on: Postgres, Kafka and Redis. One instance per JVM, started on first use
 * ({@link #get()}) and stopped when the JVM exits.
 *
 * <p>{@code PLATFORM_INFRA=embedded} (default): real servers from Maven artifacts, no Docker ({@link
 * EmbeddedServers}). {@code PLATFORM_INFRA=containers}: Testcontainers (Postgres 17, apache/kafka, Redis); tests are
 * skipped, not failed, where no Docker engine answers.
 */
public interface Infrastructure {

    /** Kafka bootstrap servers, {@code host:port}. */
    String kafkaBootstrapServers();

    String redisHost();

    int redisPort();

    /**
     * A new, empty database that the returned login may use as superuser (tests need REPLICATION for the outbox
     * relay).
     *
     * @param name a plain identifier, unique in this JVM
     */
    DatabaseLogin createDatabase(String name);

    /** The infrastructure of this JVM, started on first call. */
    static Infrastructure get() {
        return Holder.INSTANCE;
    }

    /** Lazy, thread-safe singleton (initialization-on-demand holder). */
    final class Holder {
        private static final Infrastructure INSTANCE = create();

        private Holder() {}

        private static Infrastructure create() {
            String mode = System.getenv().getOrDefault("PLATFORM_INFRA", "embedded");
            Infrastructure infrastructure = switch (mode) {
                case "embedded" -> EmbeddedServers.startTemporary();
                case "containers" -> ContainerServers.start();
                default ->
                    throw new IllegalStateException("PLATFORM_INFRA must be 'embedded' or 'containers', was: " + mode);
            };
            return infrastructure;
        }
    }
}
