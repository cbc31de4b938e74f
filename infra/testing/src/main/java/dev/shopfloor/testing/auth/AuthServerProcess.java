package dev.shopfloor.testing.auth;

import dev.shopfloor.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The platform's real OAuth2 authorization server ({@code infra/auth-server}) run from its runnable jar as a child
 * JVM, for tests: the same issuer, keys, clients and users as {@code ./platform up}, on a free port, with a
 * throw-away signing key. One per test JVM ({@link #get()}), started on first use and stopped when the JVM exits.
 *
 * <p>Besides the platform's clients it registers one for tests only: {@value #SHORT_LIVED_CLIENT} (secret
 * {@value #SHORT_LIVED_SECRET}, client credentials, every scope) whose access tokens live
 * {@link #SHORT_LIVED_TOKEN_TTL}, so a test can hold a genuinely expired token.
 *
 * @throws IllegalStateException from {@link #get()} when the jar is missing (build the module with Maven: its path
 *     comes from the {@code auth-server.jar.path} resource written by this module's build) or the server does not
 *     answer within two minutes; its log is {@code auth-server.log} in its temporary folder
 */
public final class AuthServerProcess implements AutoCloseable {

    /** The test-only client whose tokens expire almost at once. */
    public static final String SHORT_LIVED_CLIENT = "shopfloor-short-lived";

    public static final String SHORT_LIVED_SECRET = "short-lived-secret";

    public static final Duration SHORT_LIVED_TOKEN_TTL = Duration.ofSeconds(1);

    /**
     * Spring Boot properties that register {@value #SHORT_LIVED_CLIENT} on an auth server; a platform started for tests
     * can pass them too (e.g. in {@code SPRING_APPLICATION_JSON}).
     */
    public static final Map<String, String> TEST_CLIENT_PROPERTIES = testClientProperties();

    private static final String JAR_RESOURCE = "/auth-server.jar.path";

    private final Path directory;
    private final int port;
    private final Tokens tokens;
    private Process process;

    private AuthServerProcess(Path directory, int port) {
        this.directory = directory;
        this.port = port;
        this.tokens = new Tokens(URI.create(issuer()));
    }

    /** The auth server of this JVM, started on first call. */
    public static AuthServerProcess get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        private static final AuthServerProcess INSTANCE = startTemporary();
    }

    private static AuthServerProcess startTemporary() {
        try {
            Path directory = Files.createTempDirectory("shopfloor-auth-");
            AuthServerProcess server = new AuthServerProcess(directory, Ports.free());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "auth-server-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer URI, {@code http://localhost:<port>}; what resource servers set as {@code issuer-uri}. */
    public String issuer() {
        return "http://localhost:" + port;
    }

    /** Tokens from this server for the platform's clients and demo users (service tokens cached). */
    public Tokens tokens() {
        return tokens;
    }

    /** A bearer header value with a platform token of every scope: {@code Bearer <jwt>}. */
    public String bearer() {
        return "Bearer " + tokens.service();
    }

    private synchronized void start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "-Xms64m",
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-jar",
                jar().toString(),
                "--server.port=" + port,
                "--shopfloor.auth.issuer=" + issuer(),
                "--shopfloor.auth.key-file=" + directory.resolve("signing-key.json"),
                "--logging.level.root=WARN"));
        TEST_CLIENT_PROPERTIES.forEach((name, value) -> command.add("--" + name + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("auth-server.log").toFile()));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("auth-server did not start", e);
        }
        awaitReady(Duration.ofMinutes(2));
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Map<String, String> testClientProperties() {
        String client = "spring.security.oauth2.authorizationserver.client." + SHORT_LIVED_CLIENT + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(client + "registration.client-id", SHORT_LIVED_CLIENT);
        properties.put(client + "registration.client-secret", "{noop}" + SHORT_LIVED_SECRET);
        properties.put(client + "registration.client-authentication-methods", "client_secret_basic");
        properties.put(client + "registration.authorization-grant-types", "client_credentials");
        properties.put(client + "registration.scopes", String.join(",", Tokens.ALL_SCOPES));
        properties.put(client + "token.access-token-time-to-live", SHORT_LIVED_TOKEN_TTL.toSeconds() + "s");
        return Map.copyOf(properties);
    }

    private static Path jar() {
        try (InputStream in = AuthServerProcess.class.getResourceAsStream(JAR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(JAR_RESOURCE + " is missing: build infra/testing with Maven");
            }
            Path jar = Path.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("No auth-server jar at " + jar
                        + ": package infra/auth-server first (./mvnw -pl infra/auth-server package)");
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("auth-server exited with " + process.exitValue() + "; see "
                        + directory.resolve("auth-server.log"));
            }
            try {
                if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(
                "auth-server did not answer within " + timeout + "; see " + directory.resolve("auth-server.log"));
    }
}
