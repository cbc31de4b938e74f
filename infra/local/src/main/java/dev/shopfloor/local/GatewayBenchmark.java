package dev.shopfloor.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * {@code ./platform bench gateway}: what the gateway costs, in one run on one machine.
 *
 * <p>Starts the platform on free ports in a temporary folder, creates one product and reads it, {@code GET
 * /api/products/{sku}} with a platform token (inventory-service answers from its Redis cache), at a fixed rate (100
 * requests per second, {@code BENCH_RATE} to change it): an <em>open</em> model, each request sent at its planned time whether or not the
 * previous ones have come back, and its latency counted from that planned time (so a stall is not hidden by the client
 * waiting: no coordinated omission). Three phases, each {@value #WARM_UP_SECONDS} s of warm-up then
 * {@value #SECONDS} s measured into an HdrHistogram:
 *
 * <ol>
 *   <li>straight to inventory-service (which judges the token itself);
 *   <li>through the gateway with its rate limiter on (limits set far above the rate, so every call passes and pays the
 *       Redis round trip);
 *   <li>through the gateway restarted with the rate limiter off.
 * </ol>
 *
 * Prints throughput (answers per second), p50/p99/max per phase, the throughput ratios and the p99 the gateway adds.
 * Targets (issue #4): gateway/direct ≥ 0.9 and at most +1 ms p99; limiter/no limiter ≥ 0.9.
 */
public final class GatewayBenchmark {

    /** Requests per second offered in each phase; {@code BENCH_RATE} overrides it. */
    static final int RATE = Integer.parseInt(System.getenv().getOrDefault("BENCH_RATE", "100"));

    static final int WARM_UP_SECONDS = 15;
    static final int SECONDS = 30;
    static final String SKU = "BENCH-GW-1";

    /** Limits far above the offered rate: the limiter runs (and pays its Redis call) but never refuses. */
    static final Map<String, String> LIMITER_ON = Map.of(
            "SHOPFLOOR_GATEWAY_RATELIMITS_ENABLED", "true",
            "SHOPFLOOR_GATEWAY_RATELIMITS_READS_REPLENISHRATE", "100000",
            "SHOPFLOOR_GATEWAY_RATELIMITS_READS_BURSTCAPACITY", "100000");

    static final Map<String, String> LIMITER_OFF = Map.of("SHOPFLOOR_GATEWAY_RATELIMITS_ENABLED", "false");

    private GatewayBenchmark() {}

    /** A measured phase. */
    record Result(String name, double throughput, Histogram latency, long errors) {

        double p50() {
            return latency.getValueAtPercentile(50) / 1000.0;
        }

        double p99() {
            return latency.getValueAtPercentile(99) / 1000.0;
        }

        double max() {
            return latency.getMaxValue() / 1000.0;
        }
    }

    public static int run(Path projectRoot) throws Exception {
        Path data = Files.createTempDirectory("shopfloor-bench-gateway");
        try (LocalPlatform platform = LocalPlatform.start(
                PlatformLayout.ephemeral(projectRoot, data).withoutZipkin(),
                System.out::println,
                Map.of(PlatformLayout.GATEWAY, LIMITER_ON))) {
            String token = platform.tokens().service();
            ApiClient api = new ApiClient(platform.layout().gatewayUrl(), token);
            ApiClient.Answer created = api.put(
                    "/api/products/" + SKU,
                    Map.of("name", "Benchmark mug", "price", Map.of("amount", "9.90", "currency", "EUR")));
            if (created.status() >= 300) {
                throw new IllegalStateException("cannot create the product: " + created.body());
            }
            String path = "/api/products/" + SKU;
            List<Result> results = new ArrayList<>();
            results.add(phase(
                    "direct (inventory-service)", platform.layout().serviceUrl("inventory-service") + path, token));
            results.add(phase("gateway, rate limiter on", platform.layout().gatewayUrl() + path, token));
            platform.restart(PlatformLayout.GATEWAY, LIMITER_OFF);
            results.add(phase("gateway, rate limiter off", platform.layout().gatewayUrl() + path, token));

            System.out.printf(
                    "%nmachine: %d cores; JVM %s; offered rate %d req/s, open model, %d s measured per phase%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), RATE, SECONDS);
            System.out.printf(
                    "%-28s %10s %9s %9s %9s %7s%n", "phase", "answers/s", "p50 ms", "p99 ms", "max ms", "errors");
            for (Result result : results) {
                System.out.printf(
                        "%-28s %10.1f %9.2f %9.2f %9.2f %7d%n",
                        result.name(), result.throughput(), result.p50(), result.p99(), result.max(), result.errors());
            }
            Result direct = results.get(0);
            Result limited = results.get(1);
            Result plain = results.get(2);
            System.out.printf(
                    "gateway / direct throughput:        %.3f   (target >= 0.9)%n",
                    plain.throughput() / direct.throughput());
            System.out.printf(
                    "gateway added p99:                  %+.2f ms (target <= +1 ms)%n", plain.p99() - direct.p99());
            System.out.printf(
                    "limiter / no limiter throughput:    %.3f   (target >= 0.9)%n",
                    limited.throughput() / plain.throughput());
            System.out.printf("limiter added p99:                  %+.2f ms%n", limited.p99() - plain.p99());
            return 0;
        } finally {
            try (Stream<Path> paths = Files.walk(data)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Warm-up, then the measured run, at {@link #RATE} requests per second. */
    static Result phase(String name, String url, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        System.out.printf("%s: %d s warm-up, %d s measured ...%n", name, WARM_UP_SECONDS, SECONDS);
        drive(http, request, WARM_UP_SECONDS, new Histogram(60_000_000L, 3), new AtomicLong());
        Histogram latency = new Histogram(60_000_000L, 3);
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        drive(http, request, SECONDS, latency, errors);
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Result(name, latency.getTotalCount() / elapsed, latency, errors.get());
    }

    /** Sends {@code RATE × seconds} requests at their planned times; records microseconds from plan to answer. */
    private static void drive(HttpClient http, HttpRequest request, int seconds, Histogram latency, AtomicLong errors)
            throws Exception {
        long interval = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < RATE * seconds; i++) {
            long planned = start + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        long micros = (System.nanoTime() - planned) / 1_000;
                        if (failure != null || response.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else {
                            synchronized (latency) {
                                latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                            }
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }
}
