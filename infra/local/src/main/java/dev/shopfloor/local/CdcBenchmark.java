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
 * {@value #RATE} transactions per second for {@value #SECONDS} s straight into the {@code orders} database (an order
 * row and one line each, as order-service writes them; no saga runs for them) and reads the lag timers of
 * read-model-service ({@code GET /actuator/readmodel}): per source transaction, source commit → Debezium callback
 * ({@code readmodel.cdc.delivery.lag}) and source commit → order view committed ({@code readmodel.projection.lag}).
 * Percentiles are Micrometer's, over its last two minutes. Prints both p50/p99 and their ratio.
 */
public final class CdcBenchmark {

    static final int RATE = 20;
    static final int SECONDS = 60;

    private CdcBenchmark() {}

    public static int run(Path projectRoot) throws Exception {
        Path data = Files.createTempDirectory("shopfloor-bench-cdc");
        try (LocalPlatform platform = LocalPlatform.start(
                PlatformLayout.ephemeral(projectRoot, data).withoutZipkin(), line -> System.out.println(line))) {
            String status = platform.layout().serviceUrl("read-model-service") + "/actuator/readmodel";
            awaitStreaming(status);
            System.out.printf("Writing %d transactions/s into orders for %d s ...%n", RATE, SECONDS);
            write(platform, RATE, SECONDS);
            Thread.sleep(2_000);
            JsonNode lag = get(status).get("lag").get("orders");
            double debeziumP50 = lag.get("debeziumLagP50Ms").asDouble();
            double debeziumP99 = lag.get("debeziumLagP99Ms").asDouble();
            double viewP50 = lag.get("projectionLagP50Ms").asDouble();
            double viewP99 = lag.get("projectionLagP99Ms").asDouble();
            System.out.printf(
                    "%nmachine: %d cores; JVM %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
            System.out.printf(
                    "transactions measured: %d%n", lag.get("transactions").asLong());
            System.out.printf("Debezium commit -> callback:   p50 %6.1f ms   p99 %6.1f ms%n", debeziumP50, debeziumP99);
            System.out.printf("read model commit -> view:     p50 %6.1f ms   p99 %6.1f ms%n", viewP50, viewP99);
            System.out.printf(
                    "ratio view / Debezium:         p50 %6.2f      p99 %6.2f%n",
                    viewP50 / debeziumP50, viewP99 / debeziumP99);
            return 0;
        } finally {
            try (Stream<Path> paths = Files.walk(data)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void write(LocalPlatform platform, int rate, int seconds) throws Exception {
        long id = 9_000_000_000_000L;
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

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return JsonMapper.builder().build().readTree(response.body());
    }
}
