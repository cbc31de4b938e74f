package dev.shopfloor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run as a child JVM
 * from the {@code kafka_2.13} jars of this build: storage is formatted with {@code kafka.tools.StorageTool} on first
 * use, then {@code kafka.Kafka} runs. A separate process, so it can be killed and restarted like a real broker.
 *
 * <p>Topics are created with 6 partitions by default; internal topics have replication factor 1.
 *
 * @throws IllegalStateException from {@link #start} when the broker does not answer within two minutes; its log is
 *     in {@code <dataDirectory>/broker.log}
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "/kafka-broker.classpath";

    private final Path dataDirectory;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path dataDirectory, int port, int controllerPort) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats storage if needed and starts the broker; returns once it answers an admin request.
     *
     * @param dataDirectory log directory and configuration; reused (data survives) if it exists
     * @param port the client listener on localhost
     * @param controllerPort the KRaft controller listener on localhost
     */
    public static KafkaBroker start(Path dataDirectory, int port, int controllerPort) {
        KafkaBroker broker = new KafkaBroker(dataDirectory, port, controllerPort);
        broker.start();
        return broker;
    }

    /** Starts the broker process again after {@link #kill()} or {@link #close()}, on the same data. */
    public synchronized void start() {
        try {
            Files.createDirectories(dataDirectory);
            Path config = writeConfig();
            if (!Files.exists(dataDirectory.resolve("logs").resolve("meta.properties"))) {
                run(List.of(
                        "kafka.tools.StorageTool",
                        "format",
                        // one argument: a random id may start with '-', which the tool would take for an option
                        "--cluster-id=" + clusterId(),
                        "-c",
                        config.toString(),
                        "--ignore-formatted"));
            }
            process = java(List.of("kafka.Kafka", config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dataDirectory.resolve("broker.log").toFile()))
                    .start();
            awaitReady(Duration.ofMinutes(2));
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start on port " + port, e);
        }
    }

    /** {@code localhost:<port>}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's process id, or -1 when it is not running. */
    public long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /** Kills the broker at once (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Stops the broker cleanly (SIGTERM, controlled shutdown). */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor(process);
        }
    }

    private static void waitFor(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path writeConfig() throws IOException {
        Path config = dataDirectory.resolve("server.properties");
        String properties = String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDirectory.resolve("logs").toAbsolutePath(),
                "num.partitions=6",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=168",
                "log.segment.bytes=16777216",
                "");
        Files.writeString(config, properties, StandardCharsets.UTF_8);
        return config;
    }

    private String clusterId() {
        // A Kafka cluster id is 16 bytes, base64url without padding.
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private void run(List<String> mainAndArgs) throws IOException {
        Process tool = java(mainAndArgs)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDirectory.resolve("broker.log").toFile()))
                .start();
        try {
            if (!tool.waitFor(2, TimeUnit.MINUTES) || tool.exitValue() != 0) {
                throw new IllegalStateException(
                        "Kafka storage format failed; see " + dataDirectory.resolve("broker.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProcessBuilder java(List<String> mainAndArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "-Xms128m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlog4j2.level=WARN",
                "-cp",
                classpath()));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder;
    }

    private static String classpath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build infra/testing with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Kafka exited with " + process.exitValue() + "; see " + dataDirectory.resolve("broker.log"));
            }
            if (Ports.inUse(port)) {
                try (Admin admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // the broker is still starting
                }
            }
            sleep(200);
        }
        throw new IllegalStateException(
                "Kafka did not answer within " + timeout + "; see " + dataDirectory.resolve("broker.log"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
