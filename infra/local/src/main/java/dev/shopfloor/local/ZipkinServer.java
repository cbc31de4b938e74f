package dev.shopfloor.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local run's trace backend: a Zipkin server ({@code io.zipkin:zipkin-server}, its runnable jar) in its own JVM,
 * keeping spans in memory. Every service reports its spans to {@link #spansEndpoint()} in Zipkin's v2 JSON format;
 * the UI is at {@link #uiUrl()} and the query API (e.g. {@code GET /api/v2/trace/{traceId}}) at {@link #url()}.
 *
 * <p>The jar's path comes from the {@code zipkin-server.jar.path} resource that this module's build writes.
 * Spans are lost when it stops; at most {@code MEM_MAX_SPANS} (100 000) are kept, oldest traces dropped first.
 */
public final class ZipkinServer implements AutoCloseable {

    private static final String JAR_RESOURCE = "/zipkin-server.jar.path";

    private final int port;
    private final Process process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ZipkinServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts the server on {@code port} without waiting for it; {@link #isReady()} says when it answers.
     *
     * @param log its console output is appended there
     * @throws IllegalStateException when the jar is missing (build infra/local first)
     */
    public static ZipkinServer start(int port, Path log) {
        Path jar = jar();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("QUERY_PORT", String.valueOf(port));
        builder.environment().put("STORAGE_TYPE", "mem");
        builder.environment().put("MEM_MAX_SPANS", "100000");
        // Zipkin's own requests are not traced into itself
        builder.environment().put("SELF_TRACING_ENABLED", "false");
        try {
            return new ZipkinServer(port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Zipkin", e);
        }
    }

    /** {@code http://localhost:<port>}: the query API's base. */
    public String url() {
        return "http://localhost:" + port;
    }

    /** Where services report spans: {@code http://localhost:<port>/api/v2/spans}. */
    public String spansEndpoint() {
        return url() + "/api/v2/spans";
    }

    /** The web UI. */
    public String uiUrl() {
        return url() + "/zipkin/";
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether {@code GET /health} answers 200. */
    public boolean isReady() {
        return HealthCheck.answersOk(http, url() + "/health");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path jar() {
        try (InputStream in = ZipkinServer.class.getResourceAsStream(JAR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("No " + JAR_RESOURCE + " resource: build infra/local first");
            }
            Path jar = Path.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("No Zipkin server jar at " + jar + ": build infra/local first");
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
