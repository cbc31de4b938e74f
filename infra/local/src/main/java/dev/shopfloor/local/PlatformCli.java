package dev.shopfloor.local;

import dev.shopfloor.local.audit.PlatformAudit;
import dev.shopfloor.local.deadletter.DeadLetters;
import dev.shopfloor.testing.Ports;
import dev.shopfloor.testing.auth.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The commands behind {@code ./platform}: {@code up}, {@code down}, {@code reset}, {@code demo}, {@code status},
 * {@code audit}, {@code dlt}. Exit codes: 0
 * done, 1 failed (the message says why), 2 wrong usage.
 */
public final class PlatformCli {

    private PlatformCli() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        Path root = Path.of(System.getProperty("shopfloor.root", "."))
                .toAbsolutePath()
                .normalize();
        try {
            PlatformLayout layout = PlatformLayout.fromEnvironment(root, System.getenv());
            int exit = switch (command) {
                case "up" -> up(rest(args).contains("--no-zipkin") ? layout.withoutZipkin() : layout);
                case "down" -> down(layout);
                case "reset" -> reset(layout);
                case "demo" -> new Demo(new ApiClient(gatewayUrl(layout), platformToken(layout)), System.out).run();
                case "status" -> status(layout);
                case "bench" -> bench(root, args);
                case "audit" -> PlatformAudit.cli(layout, rest(args), System.out);
                case "dlt" -> DeadLetters.cli(layout, rest(args), System.out);
                default -> usage();
            };
            System.exit(exit);
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("platform " + command + " failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int up(PlatformLayout layout) {
        UpProcess self = UpProcess.of(layout);
        self.claim();
        // what this up has started, kept up to date for ./platform down in case this process is killed (SIGKILL)
        java.util.concurrent.ScheduledExecutorService children =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("children").daemon().factory());
        children.scheduleWithFixedDelay(self::recordChildren, 1, 2, java.util.concurrent.TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<LocalPlatform> platform = new AtomicReference<>();
        // Registered before anything starts: Ctrl-C or ./platform down during start-up stops what has started.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            LocalPlatform started = platform.get();
            if (started != null && started.startedAnything()) {
                System.out.println();
                System.out.println("Stopping Shopfloor ...");
                started.close();
                System.out.println("Stopped. Data kept in " + layout.dataDirectory());
            } else if (started != null) {
                started.close(); // nothing to stop; no later step starts anything
            }
            children.shutdownNow();
            self.release();
            stopped.countDown();
        }));
        long start = System.nanoTime();
        try {
            LocalPlatform.start(layout, System.out::println, platform::set);
        } catch (RuntimeException e) {
            LocalPlatform started = platform.get();
            if (started != null && started.isClosed()) {
                // Ctrl-C or ./platform down during start-up: the start did not fail, it was stopped
                awaitQuietly(stopped);
                return 0;
            }
            throw e;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println();
        System.out.printf("Ready in %.1f s.%n", seconds);
        platform.get().banner().forEach(System.out::println);
        awaitQuietly(stopped);
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the {@code ./platform up} of this data directory running in another terminal, as Ctrl-C there would. */
    private static int down(PlatformLayout layout) {
        UpProcess up = UpProcess.of(layout);
        Optional<ProcessHandle> running = up.running();
        if (running.isEmpty()) {
            int left = up.leftovers().size();
            if (left > 0) {
                System.out.println("The ./platform up of " + layout.dataDirectory() + " was killed and left " + left
                        + " processes running; stopping them ...");
                up.stopLeftovers(Duration.ofSeconds(30));
                System.out.println("Stopped. Data kept in " + layout.dataDirectory());
                return 0;
            }
            System.out.println("Shopfloor is not running (no ./platform up for " + layout.dataDirectory() + ").");
            return 0;
        }
        System.out.println("Stopping Shopfloor (./platform up, pid "
                + running.get().pid() + "): services, then Redis, Kafka and Postgres ...");
        up.stop(Duration.ofMinutes(3));
        System.out.println("Stopped. Data kept in " + layout.dataDirectory());
        return 0;
    }

    private static int reset(PlatformLayout layout) {
        if (Ports.inUse(layout.postgresPort()) || Ports.inUse(layout.kafkaPort())) {
            System.err.println(
                    "The platform seems to be running (Postgres or Kafka port answers): stop it first (Ctrl-C, or ./platform down).");
            return 1;
        }
        Path data = layout.dataDirectory();
        if (!Files.exists(data)) {
            System.out.println("Nothing to reset: " + data + " does not exist.");
            return 0;
        }
        try (Stream<Path> paths = Files.walk(data)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + data, e);
        }
        System.out.println("Deleted " + data + ". The next ./platform up starts from empty databases.");
        return 0;
    }

    private static int status(PlatformLayout layout) {
        boolean allUp = true;
        Map<String, Integer> infrastructure = new java.util.LinkedHashMap<>();
        infrastructure.put("postgres", layout.postgresPort());
        infrastructure.put("kafka", layout.kafkaPort());
        infrastructure.put("redis", layout.redisPort());
        for (var entry : infrastructure.entrySet()) {
            boolean up = Ports.inUse(entry.getValue());
            allUp &= up;
            System.out.printf("  %-18s %-5s localhost:%d%n", entry.getKey(), up ? "UP" : "DOWN", entry.getValue());
        }
        var client = java.net.http.HttpClient.newHttpClient();
        for (PlatformLayout.Service service : PlatformLayout.SERVICES) {
            String url = layout.serviceUrl(service.name());
            String actuator = layout.managementUrl(service.name());
            boolean up = HealthCheck.answersOk(client, actuator + "/actuator/health/readiness");
            allUp &= up;
            System.out.printf("  %-18s %-5s %s%n", service.name(), up ? "UP" : "DOWN", url);
        }
        if (layout.hasZipkin()) {
            // optional: the platform runs without it (./platform up --no-zipkin), so it does not count as down.
            // UP: its health check answers; DOWN: something holds its port but does not answer (hung, out of memory);
            // OFF: nothing there (started with --no-zipkin, or it died).
            String state = HealthCheck.answersOk(client, layout.zipkinUrl() + "/health")
                    ? "UP"
                    : Ports.inUse(layout.zipkinPort()) ? "DOWN" : "OFF";
            System.out.printf("  %-18s %-5s %s/zipkin/%n", "zipkin (traces)", state, layout.zipkinUrl());
        }
        ReadModelStatus.print(layout, System.out);
        return allUp ? 0 : 1;
    }

    private static int bench(Path root, String[] args) {
        String what = args.length > 1 ? args[1] : "";
        if (what.equals("gateway")) {
            try {
                return GatewayBenchmark.run(root);
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        if (what.equals("cdc")) {
            try {
                return CdcBenchmark.run(root);
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        if (!what.equals("startup")) {
            System.err.println("usage: ./platform bench startup | cdc | gateway");
            return 2;
        }
        try {
            return StartupBenchmark.run(root);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static java.util.List<String> rest(String[] args) {
        return java.util.Arrays.asList(args).subList(1, args.length);
    }

    private static String gatewayUrl(PlatformLayout layout) {
        return System.getenv().getOrDefault("GATEWAY_URL", layout.gatewayUrl());
    }

    /**
     * A client-credentials token of {@code shopfloor-cli} with every scope, from the local auth server or {@code
     * ISSUER_URL} (the same client must exist there).
     */
    private static String platformToken(PlatformLayout layout) {
        String issuer = System.getenv().getOrDefault("ISSUER_URL", layout.issuerUrl());
        return new Tokens(java.net.URI.create(issuer)).service();
    }

    private static int usage() {
        System.err.println(
                "usage: ./platform up | down | test | demo | status | audit | dlt | logs [service] | reset | build");
        return 2;
    }
}
