package dev.shopfloor.inventory.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.cache.CacheAside;
import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.reservation.OrderId;
import dev.shopfloor.inventory.reservation.ReservationLine;
import dev.shopfloor.inventory.reservation.StockCommand;
import dev.shopfloor.inventory.reservation.StockReservation;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.auth.AuthServerProcess;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/products/{sku}} through the Redis cache, against real Postgres and Redis: a read right after a price
 * or stock change shows the change (the write evicted after its commit), a rolled back change evicts nothing that
 * matters, an unreadable entry is a miss, and a delayed reader never puts an old product back. Hits and misses are
 * counted.
 */
@EmbeddedInfrastructure
@DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "shopfloor.messaging.relay.enabled=false")
class ProductCacheIT {

    static final AtomicLong orders = new AtomicLong(7_000_000L);
    static final JsonMapper json = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ProductCache cache;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    StockReservation reservations;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry metrics;

    @Test
    void showsTheNewPriceOnTheReadAfterAPriceChange() throws Exception {
        put("CACHE-PRICE", "10.00");
        assertThat(product("CACHE-PRICE").get("price").get("amount").asString()).isEqualTo("10.00");
        assertThat(redis.hasKey(cache.key("CACHE-PRICE"))).isTrue();

        put("CACHE-PRICE", "12.50");

        assertThat(product("CACHE-PRICE").get("price").get("amount").asString()).isEqualTo("12.50");
    }

    @Test
    void showsTheNewAvailabilityAfterStockArrivesAndAfterAReservation() throws Exception {
        put("CACHE-STOCK", "3.00");
        assertThat(product("CACHE-STOCK").get("available").asInt()).isZero();

        send("POST", "/api/products/CACHE-STOCK/stock", "{\"quantity\":5}");
        assertThat(product("CACHE-STOCK").get("available").asInt()).isEqualTo(5);

        reservations.handle(new StockCommand.ReserveStock(
                new OrderId(orders.incrementAndGet()), List.of(new ReservationLine(Sku.of("CACHE-STOCK"), 2))));
        assertThat(product("CACHE-STOCK").get("available").asInt()).isEqualTo(3);
    }

    @Test
    void evictsWhenTheTransactionCommitsNotBeforeAndNotOnRollback() throws Exception {
        put("CACHE-TX", "4.00");
        product("CACHE-TX");

        transactions.executeWithoutResult(status -> {
            cache.evictAfterCommit(List.of("CACHE-TX"));
            status.setRollbackOnly();
        });
        assertThat(redis.hasKey(cache.key("CACHE-TX"))).as("after a rollback").isTrue();

        transactions.executeWithoutResult(status -> {
            cache.evictAfterCommit(List.of("CACHE-TX"));
            assertThat(redis.hasKey(cache.key("CACHE-TX")))
                    .as("before the commit")
                    .isTrue();
        });
        assertThat(redis.hasKey(cache.key("CACHE-TX"))).as("after the commit").isFalse();
    }

    @Test
    void treatsAnEntryInAnotherFormatAsAMiss() throws Exception {
        put("CACHE-OLD", "6.00");
        redis.delete(cache.key("CACHE-OLD"));
        redis.opsForHash().put(cache.key("CACHE-OLD"), "v", "{\"legacy\":true}");

        HttpResponse<String> read = send("GET", "/api/products/CACHE-OLD", null);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json.readTree(read.body()).get("price").get("amount").asString())
                .isEqualTo("6.00");
    }

    @Test
    void leavesTheCacheEmptyOrNewWhenADelayedReaderComesBackAfterTheEviction() throws Exception {
        put("CACHE-RACE", "8.00");
        redis.delete(cache.key("CACHE-RACE"));
        CacheAside aside = new CacheAside(redis, java.time.Duration.ofMinutes(1));
        String token = (String) aside.begin(cache.key("CACHE-RACE")).get(1);
        String loadedBeforeTheWrite =
                "1|" + json.writeValueAsString(product("CACHE-RACE")).replace("8.00", "0.01");

        put("CACHE-RACE", "9.00"); // commits and evicts
        boolean stored = aside.put(cache.key("CACHE-RACE"), token, loadedBeforeTheWrite);

        assertThat(stored).isFalse();
        assertThat(product("CACHE-RACE").get("price").get("amount").asString()).isEqualTo("9.00");
    }

    @Test
    void countsTheFirstReadAsAMissAndTheSecondAsAHitOnThePrometheusEndpoint() throws Exception {
        put("CACHE-COUNT", "2.00");
        double hits = gets("hit");
        double misses = gets("miss");

        product("CACHE-COUNT");
        product("CACHE-COUNT");

        assertThat(gets("miss")).isEqualTo(misses + 1);
        assertThat(gets("hit")).isEqualTo(hits + 1);
        HttpResponse<String> scrape = send("GET", "/actuator/prometheus", null);
        assertThat(scrape.body().lines())
                .anyMatch(line -> line.startsWith("cache_gets_total{")
                        && line.contains("application=\"inventory-service\"")
                        && line.contains("cache=\"products\"")
                        && line.contains("result=\"hit\""));
    }

    @Test
    void answersNotFoundForAnUnknownSkuAndCachesNothing() throws Exception {
        assertThat(send("GET", "/api/products/CACHE-NONE", null).statusCode()).isEqualTo(404);
        assertThat(redis.opsForHash().get(cache.key("CACHE-NONE"), "v")).isNull();
    }

    private double gets(String result) {
        return metrics.get("cache.gets")
                .tag("cache", ProductCache.CACHE_NAME)
                .tag("result", result)
                .functionCounter()
                .count();
    }

    private void put(String sku, String price) throws Exception {
        HttpResponse<String> response = send(
                "PUT",
                "/api/products/" + sku,
                "{\"name\":\"Cached thing\",\"price\":{\"amount\":\"" + price + "\",\"currency\":\"EUR\"}}");
        assertThat(response.statusCode()).isIn(200, 201);
    }

    private JsonNode product(String sku) throws Exception {
        HttpResponse<String> response = send("GET", "/api/products/" + sku, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
