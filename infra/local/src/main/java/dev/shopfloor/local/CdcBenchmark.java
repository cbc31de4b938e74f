package dev.shopfloor.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./platform bench cdc}: the read model's lag under a steady write rate, against Debezium's own share of it.
 *
 * <p>Starts the platform on free ports in a temporary folder, waits until read-model-service streams, then commits
 * {@value #RATE} transactions per second straight into the {@code orders} database (an order row and one line each,
 * as order-service writes them; no saga runs for them): first {@value #WARM_UP_SECONDS} s of warm-up (first JIT
 * compilations, first connections), then it starts a new lag window of read-model-service
 * ({@code POST /actuator/readmodel/lag-window}) and writes for {@value #SECONDS} s more, the measured phase. It then
 * reads that window ({@code GET /actuator/readmodel/lag-window}): per source transaction of the measured phase only,
 * source commit → Debezium callback and source commit → order view committed, exact percentiles (HdrHistogram, three
 * significant digits). Prints both p50/p99, their ratio, and for comparison Micrometer's decaying-window percentiles
 * of the same timers ({@code readmodel.cdc.delivery.lag}, {@code readmodel.projection.lag}), which include the
 * warm-up.
 *
 * <p>{@code BENCH_KEEP_DATA=true} keeps the temporary folder (the services' logs are in its {@code logs/}).
 */
public final class CdcBenchmark {

    static final int RATE = 20;
    static final int SECONDS = 60;
    static final int WARM_UP_SECONDS = 20;

    private CdcBenchmark() {}

    public static int run(Path projectRoot) throws Exception {
        Path data = Files.createTempDirectory("shopfloor-bench-cdc");
        try (LocalPlatform platform = LocalPlatform.start(
                PlatformLayout.ephemeral(projectRoot, data).withoutZipkin(), line -> System.out.println(line))) {
            String status = platform.layout().serviceUrl("read-model-service") + "/actuator/readmodel";
            awaitStreaming(status);
            long firstId = 9_000_000_000_000L;
            System.out.printf("Warming up: %d transactions/s into orders for %d s ...%n", RATE, WARM_UP_SECONDS);
            firstId = write(platform, firstId, RATE, WARM_UP_SECONDS);
            Thread.sleep(2_000);
            String window = status + "/lag-window";
            // an actuator write: platform tokens only
            post(window, platform.tokens().service());
            System.out.printf("Measuring: %d transactions/s into orders for %d s ...%n", RATE, SECONDS);
            write(platform, firstId, RATE, SECONDS);
            Thread.sleep(2_000);
            JsonNode measured = get(window).get("sources").get("orders");
            JsonNode decaying = get(status).get("lag").get("orders");
            double debeziumP50 = measured.get("debeziumLagP50Ms").asDouble();
            double debeziumP99 = measured.get("debeziumLagP99Ms").asDouble();
            double viewP50 = measured.get("projectionLagP50Ms").asDouble();
            double viewP99 = measured.get("projectionLagP99Ms").asDouble();
            System.out.printf(
                    "%nmachine: %d cores; JVM %s; services' JVM options: %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.version(),
                    System.getenv().getOrDefault("SERVICE_JAVA_OPTS", "the local runner's default"));
            System.out.printf(
                    "measured phase only (%d s after %d s of warm-up), exact percentiles:%n", SECONDS, WARM_UP_SECONDS);
            System.out.printf(
                    "transactions measured: %d (written: %d)%n",
                    measured.get("transactions").asLong(), (long) RATE * SECONDS);
            System.out.printf(
                    "Debezium commit -> callback:   p50 %6.1f ms   p99 %6.1f ms   max %6.1f ms%n",
                    debeziumP50, debeziumP99, measured.get("debeziumLagMaxMs").asDouble());
            System.out.printf(
                    "read model commit -> view:     p50 %6.1f ms   p99 %6.1f ms   max %6.1f ms%n",
                    viewP50, viewP99, measured.get("projectionLagMaxMs").asDouble());
            System.out.printf(
                    "projection (callback -> view): p50 %6.1f ms   p99 %6.1f ms   max %6.1f ms%n",
                    measured.get("projectionTimeP50Ms").asDouble(),
                    measured.get("projectionTimeP99Ms").asDouble(),
                    measured.get("projectionTimeMaxMs").asDouble());
            System.out.printf(
                    "ratio view / Debezium:         p50 %6.2f      p99 %6.2f%n",
                    viewP50 / debeziumP50, viewP99 / debeziumP99);
            System.out.printf(
                    "%nfor comparison, Micrometer's decaying window (warm-up included, %d transactions):%n"
                            + "Debezium p50 %.1f / p99 %.1f ms; view p50 %.1f / p99 %.1f ms%n",
                    decaying.get("transactions").asLong(),
                    decaying.get("debeziumLagP50Ms").asDouble(),
                    decaying.get("debeziumLagP99Ms").asDouble(),
                    decaying.get("projectionLagP50Ms").asDouble(),
                    decaying.get("projectionLagP99Ms").asDouble());
            return 0;
        } finally {
            if (Boolean.parseBoolean(System.getenv("BENCH_KEEP_DATA"))) {
                System.out.println("Data and logs kept in " + data);
            } else {
                try (Stream<Path> paths = Files.walk(data)) {
                    paths.sorted(Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    /** Writes {@code rate * seconds} orders with ids after {@code lastId}; returns the last id written. */
    private static long write(LocalPlatform platform, long lastId, int rate, int seconds) throws Exception {
        long id = lastId;
        try (Connection orders =
                DriverManager.getConnection(platform.postgres().jdbcUrl("orders"), "orders", "orders")) {
            orders.setAutoCommit(false);
            PreparedStatement order = orders.prepareStatement(
                    "insert into orders (id, customer_id, status, total_amount, currency, created_at, updated_at,"
                            + " version) values (?, 'bench', 'PENDING', 12.50, 'EUR', ?, ?, 0)");
            PreparedStatement item = orders.prepareStatement(
                    "insert into order_item (order_id, line_no, sku, quantity, unit_price, currency)"
                            + " values (?, 0, 'BENCH-1', 1, 12.50, 'EUR')");
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < rate * seconds; i++) {
                var now = Instant.now().atOffset(ZoneOffset.UTC);
                order.setLong(1, ++id);
                order.setObject(2, now);
                order.setObject(3, now);
                order.executeUpdate();
                item.setLong(1, id);
                item.executeUpdate();
                orders.commit();
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
        return id;
    }

    private static void awaitStreaming(String status) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode sources = get(status).get("sources");
            boolean all = sources != null && sources.size() == 3;
            for (JsonNode source :
                    sources == null ? JsonMapper.builder().build().createArrayNode() : sources) {
                all &= source.get("streaming").asBoolean();
            }
            if (all) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("read-model-service did not start streaming");
    }

    private static void post(String url, String token) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode());
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return JsonMapper.builder().build().readTree(response.body());
    }
}
