package dev.shopfloor.local;

import dev.shopfloor.local.PlatformLayout.Service;
import dev.shopfloor.testing.KafkaBroker;
import dev.shopfloor.testing.Ports;
import dev.shopfloor.testing.PostgresServer;
import dev.shopfloor.testing.RedisProcess;
import dev.shopfloor.testing.auth.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole platform on one machine, without Docker: embedded Postgres (one database and login role per service),
 * a Kafka broker in KRaft mode and Redis, then every service as its own JVM from its runnable jar. Used by
 * {@code ./platform up} and by the end-to-end tests, so both exercise the same start-up path.
 *
 * <p>Failure modes: a port already taken ({@link PortInUseException}, named by server), a missing runnable jar
 * ({@link IllegalStateException}: build first), a service that exits or is not ready within its start timeout
 * ({@link IllegalStateException} quoting the end of its log). In each case what had started is stopped again.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    /** Begins the line that {@code ./platform up} writes into a service's log before each start. */
    static final String RUN_MARKER = "---- ./platform: ";

    private final PlatformLayout layout;
    private final Consumer<String> progress;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    // By name, in start order; read by the exit watchers' threads too.
    private final Map<String, Process> processes = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Tokens tokens;
    private final Map<String, Map<String, String>> extraEnvironment = new java.util.concurrent.ConcurrentHashMap<>();
    // Replicas started beside a service's first instance, by name (<service>-<n>), and their ports.
    private final Map<String, Integer> replicaPorts = new java.util.concurrent.ConcurrentHashMap<>();
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private RedisProcess redis;
    private ZipkinServer zipkin;
    // Set by close(); nothing starts after it (guarded by this).
    private boolean closed;

    private LocalPlatform(PlatformLayout layout, Consumer<String> progress) {
        this.layout = layout;
        this.progress = progress;
        this.tokens = new Tokens(URI.create(layout.issuerUrl()));
    }

    /**
     * Starts everything and returns once every service reports ready.
     *
     * @param progress receives one line per step, and a line every few seconds while services start
     */
    public static LocalPlatform start(PlatformLayout layout, Consumer<String> progress) {
        return start(layout, progress, created -> {});
    }

    /**
     * Starts everything like {@link #start(PlatformLayout, Consumer)}, handing the platform to {@code created} before
     * anything starts: a shutdown hook given it can {@link #close} what has started so far when the process is stopped
     * during start-up (nothing starts after {@code close}).
     */
    public static LocalPlatform start(
            PlatformLayout layout, Consumer<String> progress, Consumer<LocalPlatform> created) {
        LocalPlatform platform = new LocalPlatform(layout, progress);
        created.accept(platform);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /**
     * Starts everything like {@link #start(PlatformLayout, Consumer)}, with extra environment variables for some
     * services (e.g. a short saga deadline for a fault test).
     *
     * @param extraEnvironment by service name: variables added to (or overriding) what the runner sets
     */
    public static LocalPlatform start(
            PlatformLayout layout, Consumer<String> progress, Map<String, Map<String, String>> extraEnvironment) {
        LocalPlatform platform = new LocalPlatform(layout, progress);
        platform.extraEnvironment.putAll(extraEnvironment);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** Suspends a running service (SIGSTOP): it keeps its sockets but answers nothing, as a hung process would. */
    public void pause(String name) {
        signal(name, "STOP");
    }

    /** Lets a {@link #pause paused} service go on (SIGCONT). */
    public void resume(String name) {
        signal(name, "CONT");
    }

    private void signal(String name, String signal) {
        Process process = processes.get(name);
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public PlatformLayout layout() {
        return layout;
    }

    /** Tokens from this platform's auth server (client credentials of {@code shopfloor-cli}, demo users). */
    public Tokens tokens() {
        return tokens;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** The Postgres server that holds every service's database. */
    public PostgresServer postgres() {
        return postgres;
    }

    private void startAll() {
        checkPortsFree();
        List<Path> jars = new ArrayList<>();
        for (Service service : PlatformLayout.SERVICES) {
            jars.add(runnableJar(service.module()));
        }
        createDirectories();
        Instant started = Instant.now();
        if (layout.hasZipkin()) {
            // its own JVM, ready in a few seconds; services report spans to it asynchronously, so nothing waits for it
            progress.accept("Starting Zipkin (traces) on port " + layout.zipkinPort() + " ...");
            unlessClosed(() -> zipkin =
                    ZipkinServer.start(layout.zipkinPort(), logDirectory().resolve("zipkin.log")));
        }
        progress.accept("Starting Postgres 17 on port " + layout.postgresPort() + " ...");
        unlessClosed(() -> postgres = PostgresServer.start(
                layout.postgresPort(), layout.dataDirectory().resolve("postgres")));
        for (Service service : PlatformLayout.SERVICES) {
            if (service.database() != null) {
                postgres.createDatabase(service.database(), service.database());
            }
        }
        progress.accept("Starting Kafka (KRaft) on port " + layout.kafkaPort() + " ...");
        unlessClosed(() -> kafka = KafkaBroker.start(
                layout.dataDirectory().resolve("kafka"), layout.kafkaPort(), layout.kafkaControllerPort()));
        progress.accept("Starting Redis on port " + layout.redisPort() + " ...");
        unlessClosed(() -> redis =
                RedisProcess.start(layout.redisPort(), layout.dataDirectory().resolve("redis"), "128mb"));
        progress.accept("Infrastructure up in " + seconds(started) + "; starting services ...");
        for (int i = 0; i < PlatformLayout.SERVICES.size(); i++) {
            startService(PlatformLayout.SERVICES.get(i), jars.get(i));
        }
        awaitReady(PlatformLayout.SERVICES.stream().map(Service::name).toList(), started);
        awaitZipkin();
    }

    private void awaitZipkin() {
        if (zipkin == null) {
            return;
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!zipkin.isReady()) {
            if (!zipkin.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Zipkin did not start. End of its log ("
                        + logDirectory().resolve("zipkin.log") + "):\n" + tail("zipkin", 30)
                        + "\nRun with ZIPKIN=off to start without it.");
            }
            sleep(250);
        }
    }

    /** Starts one service again (after {@link #kill}); returns once it is ready. */
    public void restart(String name) {
        Service service = PlatformLayout.SERVICES.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
        startService(service, runnableJar(service.module()));
        awaitReady(List.of(name), Instant.now());
    }

    /**
     * Stops one service gracefully and starts it again with {@code environment} added to (or replacing) its extra
     * variables, e.g. another setting for a benchmark phase; returns once it is ready.
     */
    public void restart(String name, Map<String, String> environment) {
        stop(name);
        Map<String, String> merged = new LinkedHashMap<>(extraEnvironment.getOrDefault(name, Map.of()));
        merged.putAll(environment);
        extraEnvironment.put(name, merged);
        restart(name);
    }

    /** Stops one service (or replica) gracefully (SIGTERM), waiting up to 30 s before it is killed. */
    public void stop(String name) {
        Process process = processes.remove(name);
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Kills one service at once (SIGKILL), as a crash would; the platform knows, and does not report the exit. */
    public void kill(String name) {
        killAndWait(processes.remove(name));
    }

    /**
     * Kills one service at once (SIGKILL) behind the platform's back, as the kernel's out-of-memory killer or a crash
     * would: unlike {@link #kill}, the platform reports the exit as it reports any service that dies while it runs.
     */
    public void crash(String name) {
        killAndWait(processes.get(name));
    }

    private static void killAndWait(Process process) {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@link #close} was called (then nothing starts any more). */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Whether anything was started (a server or a service), so that {@link #close} has something to stop. */
    public synchronized boolean startedAnything() {
        return zipkin != null || postgres != null || kafka != null || redis != null || !processes.isEmpty();
    }

    /** Whether each service's readiness endpoint answers UP right now. */
    public Map<String, Boolean> readiness() {
        Map<String, Boolean> ready = new LinkedHashMap<>();
        for (Service service : PlatformLayout.SERVICES) {
            ready.put(service.name(), isReady(layout.managementPort(service.name())));
        }
        return ready;
    }

    /** The lines of the ready banner: URLs, connection strings and credentials. */
    public List<String> banner() {
        List<String> lines = new ArrayList<>();
        lines.add("Shopfloor is running. Press Ctrl-C to stop.");
        lines.add("");
        lines.add("  Gateway (public API)   " + layout.gatewayUrl() + "/api/products   (bearer token required)");
        lines.add("  Gateway management     " + layout.managementUrl(PlatformLayout.GATEWAY)
                + "/actuator   (health, metrics, strangler weights)");
        lines.add("  Auth server (OAuth2)   " + layout.issuerUrl() + "   (issuer; JWKS at /oauth2/jwks)");
        if (layout.hasZipkin()) {
            lines.add("  Traces (Zipkin)        " + layout.zipkinUrl() + "/zipkin/   (one trace per order; query API"
                    + " /api/v2/traces)");
        }
        lines.add("");
        lines.add("  Token for scripts      curl -s -u shopfloor-cli:shopfloor-secret " + layout.issuerUrl()
                + "/oauth2/token -d grant_type=client_credentials -d 'scope=orders:read orders:write catalog:write"
                + " inventory:write payments:write'");
        lines.add("  Demo users (browser)   alice, bob (customers), admin; password 'password'; client shopfloor-web"
                + " (PKCE)");
        lines.add("");
        for (Service service : PlatformLayout.SERVICES) {
            if (service.database() != null) {
                lines.add(String.format(
                        "  %-22s %s   (OpenAPI: %s/swagger-ui.html)",
                        service.name(), layout.serviceUrl(service.name()), layout.serviceUrl(service.name())));
            }
        }
        lines.add("");
        for (Service service : PlatformLayout.SERVICES) {
            if (service.database() != null) {
                lines.add(String.format(
                        "  Postgres %-13s postgresql://%s:%s@localhost:%d/%s",
                        service.database(),
                        service.database(),
                        service.database(),
                        layout.postgresPort(),
                        service.database()));
            }
        }
        lines.add("  Kafka bootstrap        localhost:" + layout.kafkaPort());
        lines.add("  Redis                  redis://localhost:" + layout.redisPort());
        lines.add("");
        lines.add("  Data   " + layout.dataDirectory());
        lines.add("  Logs   " + logDirectory() + "   (./platform logs <service>)");
        lines.add("  Try    ./platform demo");
        return lines;
    }

    public Path logDirectory() {
        return layout.dataDirectory().resolve("logs");
    }

    /** Stops services (graceful, SIGTERM), then Redis, Kafka and Postgres. Data stays. */
    @Override
    public synchronized void close() {
        closed = true;
        List<Process> running = new ArrayList<>(processes.values());
        java.util.Collections.reverse(running);
        running.forEach(Process::destroy);
        for (Process process : running) {
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        for (AutoCloseable server : new AutoCloseable[] {zipkin, redis, kafka, postgres}) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception e) {
                    progress.accept("Stopping " + server.getClass().getSimpleName() + " failed: " + e.getMessage());
                }
            }
        }
        zipkin = null;
        redis = null;
        kafka = null;
        postgres = null;
    }

    private void checkPortsFree() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Postgres", layout.postgresPort());
        ports.put("Kafka", layout.kafkaPort());
        ports.put("Kafka controller", layout.kafkaControllerPort());
        ports.put("Redis", layout.redisPort());
        if (layout.hasZipkin()) {
            ports.put("Zipkin", layout.zipkinPort());
        }
        layout.servicePorts().forEach(ports::put);
        layout.managementPorts().forEach((service, port) -> ports.put(service + " management", port));
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            if (Ports.inUse(port.getValue())) {
                throw new PortInUseException(port.getKey(), port.getValue());
            }
        }
    }

    private void createDirectories() {
        try {
            Files.createDirectories(logDirectory());
            Files.createDirectories(layout.dataDirectory().resolve("cds"));
            Files.createDirectories(layout.dataDirectory().resolve("auth"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path runnableJar(String module) {
        Path target = layout.projectRoot().resolve(module).resolve("target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "*-exec.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException(
                "No runnable jar for " + module + " in " + target + ": build it first (./platform build)");
    }

    private void startService(Service service, Path jar) {
        startProcess(service, jar, service.name(), environment(service));
    }

    /**
     * Starts another instance of a service beside the first, on {@code port}, as a second pod would run in Kubernetes
     * (same databases, same settings); returns its name, {@code <service>-<n>}, once it is ready. {@link #kill} and
     * {@link #managementPortOf} take that name; it logs to {@code <name>.log}.
     */
    public String startReplica(String name, int port) {
        Service service = PlatformLayout.SERVICES.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
        if (layout.managementPort(name) != layout.port(name)) {
            throw new IllegalArgumentException(name + " has a management port of its own; replicas of it are not run");
        }
        String replica;
        synchronized (this) {
            int n = 2;
            while (processes.containsKey(name + "-" + n) || replicaPorts.containsKey(name + "-" + n)) {
                n++;
            }
            replica = name + "-" + n;
            replicaPorts.put(replica, port);
        }
        Map<String, String> env = environment(service);
        env.put("SERVER_PORT", String.valueOf(port));
        startProcess(service, runnableJar(service.module()), replica, env);
        awaitReady(List.of(replica), Instant.now());
        return replica;
    }

    /** The port of a service's actuator, or of a replica's ({@link #startReplica}). */
    public int managementPortOf(String name) {
        Integer replica = replicaPorts.get(name);
        return replica != null ? replica : layout.managementPort(name);
    }

    private void startProcess(Service service, Path jar, String processName, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String javaOptions = System.getenv().getOrDefault("SERVICE_JAVA_OPTS", defaultJavaOptions(service));
        command.addAll(List.of(javaOptions.trim().split("\\s+")));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        logDirectory().resolve(processName + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.putAll(environment);
        Process process = unlessClosed(() -> {
            try {
                // logs are appended across runs: a marker tells where this run's lines begin (tail reads from it)
                Files.writeString(
                        logDirectory().resolve(processName + ".log"),
                        RUN_MARKER + processName + " started at " + Instant.now() + "\n",
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                Process started = builder.start();
                processes.put(processName, started);
                return started;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + processName, e);
            }
        });
        process.onExit().thenAccept(exited -> reportExit(processName, exited));
    }

    /**
     * Says so when a service exits on its own while the platform runs (not when {@link #stop}, {@link #kill} or
     * {@link #close} ended it): which one, its exit code, the end of its log. The rest of the platform goes on.
     */
    private void reportExit(String name, Process exited) {
        synchronized (this) {
            if (closed || processes.get(name) != exited) {
                return;
            }
        }
        progress.accept("");
        progress.accept(name + " exited (code " + exited.exitValue() + "); the rest of the platform goes on. End of its"
                + " log (./platform logs " + name + "):\n" + tail(name, 15));
    }

    /** Runs one start step unless the platform was closed meanwhile (a shutdown during start-up). */
    private synchronized <T> T unlessClosed(java.util.function.Supplier<T> step) {
        if (closed) {
            throw new IllegalStateException("stopped during start-up");
        }
        return step.get();
    }

    private String defaultJavaOptions(Service service) {
        Path archive = layout.dataDirectory().resolve("cds").resolve(service.name() + ".jsa");
        return "-Xms64m -Xmx256m -XX:MaxMetaspaceSize=256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                + " -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=" + archive
                + " -Xlog:cds=off -Xlog:cds+dynamic=off -Dspring.output.ansi.enabled=never";
    }

    /** Configuration of one service, through standard Spring properties only (DESIGN.md §9). */
    Map<String, String> environment(Service service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(layout.port(service.name())));
        if (service.database() != null) {
            env.put(
                    "SPRING_DATASOURCE_URL",
                    "jdbc:postgresql://localhost:" + layout.postgresPort() + "/" + service.database());
            env.put("SPRING_DATASOURCE_USERNAME", service.database());
            env.put("SPRING_DATASOURCE_PASSWORD", service.database());
            env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:" + layout.kafkaPort());
        }
        if (service.name().equals(PlatformLayout.AUTH_SERVER)) {
            // the signing key lives with the platform's data, so tokens survive a restart (./platform reset drops it)
            env.put(
                    "SHOPFLOOR_AUTH_KEY_FILE",
                    layout.dataDirectory()
                            .resolve("auth")
                            .resolve("signing-key.json")
                            .toString());
            env.put("SHOPFLOOR_AUTH_ISSUER", layout.issuerUrl());
        } else {
            env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI", layout.issuerUrl());
        }
        if (layout.managementPort(service.name()) != layout.port(service.name())) {
            // the actuator's own port (the gateway's strangler weights are changed there): this machine only
            env.put("MANAGEMENT_SERVER_PORT", String.valueOf(layout.managementPort(service.name())));
            env.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
        }
        if (layout.hasZipkin()) {
            env.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", layout.zipkinUrl() + "/api/v2/spans");
        } else {
            env.put("MANAGEMENT_TRACING_EXPORT_ENABLED", "false");
        }
        env.put("SPRING_DATA_REDIS_HOST", "localhost");
        env.put("SPRING_DATA_REDIS_PORT", String.valueOf(layout.redisPort()));
        switch (service.name()) {
            case "order-service" -> env.put("SHOPFLOOR_ORDER_INVENTORY_URL", layout.serviceUrl("inventory-service"));
            case "gateway" -> {
                env.put("SHOPFLOOR_GATEWAY_ORDER_SERVICE_URL", layout.serviceUrl("order-service"));
                env.put("SHOPFLOOR_GATEWAY_PAYMENT_SERVICE_URL", layout.serviceUrl("payment-service"));
                env.put("SHOPFLOOR_GATEWAY_INVENTORY_SERVICE_URL", layout.serviceUrl("inventory-service"));
                env.put("SHOPFLOOR_GATEWAY_SAGA_ORCHESTRATOR_URL", layout.serviceUrl("saga-orchestrator"));
                env.put("SHOPFLOOR_GATEWAY_READ_MODEL_SERVICE_URL", layout.serviceUrl("read-model-service"));
            }
            case "read-model-service" -> {
                // Logical replication of the three captured databases with their owners' logins: each has the
                // REPLICATION attribute and owns the tables the read model's publication covers
                // (docs/adr/0006-cqrs-read-model-by-cdc.md).
                for (String source : List.of("orders", "payments", "inventory")) {
                    String prefix = "SHOPFLOOR_READMODEL_SOURCES_" + source.toUpperCase(java.util.Locale.ROOT) + "_";
                    env.put(prefix + "URL", "jdbc:postgresql://localhost:" + layout.postgresPort() + "/" + source);
                    env.put(prefix + "USERNAME", source);
                    env.put(prefix + "PASSWORD", source);
                }
            }
            default -> {}
        }
        env.putAll(extraEnvironment.getOrDefault(service.name(), Map.of()));
        return env;
    }

    private void awaitReady(List<String> names, Instant started) {
        List<String> pending = new ArrayList<>(names);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Instant nextReport = Instant.now().plusSeconds(3);
        while (!pending.isEmpty()) {
            for (String name : List.copyOf(pending)) {
                Process process = processes.get(name);
                if (process == null || !process.isAlive()) {
                    throw new IllegalStateException(name + " exited during start-up. End of its log ("
                            + logDirectory().resolve(name + ".log") + "):\n" + tail(name, 30));
                }
                if (isReady(managementPortOf(name))) {
                    pending.remove(name);
                    progress.accept(String.format("  %-18s ready after %s", name, seconds(started)));
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not ready within " + START_TIMEOUT + ": " + pending + ". End of "
                        + pending.getFirst() + "'s log:\n" + tail(pending.getFirst(), 30));
            }
            if (Instant.now().isAfter(nextReport)) {
                progress.accept("  waiting for " + String.join(", ", pending) + " (" + seconds(started) + ")");
                nextReport = Instant.now().plusSeconds(5);
            }
            sleep(250);
        }
    }

    private boolean isReady(int port) {
        return HealthCheck.answersOk(http, "http://localhost:" + port + "/actuator/health/readiness");
    }

    /** The last lines of the service's log, from its latest run only. */
    private String tail(String name, int lines) {
        try {
            List<String> all = Files.readAllLines(logDirectory().resolve(name + ".log"));
            int runStart = 0;
            for (int i = all.size() - 1; i >= 0; i--) {
                if (all.get(i).startsWith(RUN_MARKER)) {
                    runStart = i + 1;
                    break;
                }
            }
            List<String> run = all.subList(runStart, all.size());
            if (run.isEmpty()) {
                return "(nothing logged yet)";
            }
            return String.join("\n", run.subList(Math.max(0, run.size() - lines), run.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    private static String seconds(Instant since) {
        return String.format("%.1f s", Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A port the platform needs is taken by another process. */
    public static final class PortInUseException extends RuntimeException {
        public PortInUseException(String server, int port) {
            super("Port " + port + " (" + server + ") is already in use. Is the platform already running? Stop the"
                    + " other process, or choose another port with the matching *_PORT variable.");
        }
    }
}
