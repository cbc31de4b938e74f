package dev.shopfloor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.local.ApiClient.Answer;
import dev.shopfloor.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The CQRS read side on the whole platform (started as by {@code ./platform up}): read-model-service follows the
 * services' databases, answers the same JSON as order-service, survives a kill -9 without losing or doubling an
 * order, keeps an idle source's slot from retaining WAL, and the gateway splits order reads between both sides.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadModelE2EIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private LocalPlatform platform;
    private ApiClient api;
    private ApiClient legacy;
    private ApiClient readModel;
    private String token;

    @BeforeAll
    void startPlatform() throws Exception {
        Path root = Path.of(System.getProperty("shopfloor.root", "../.."))
                .toAbsolutePath()
                .normalize();
        // thousands of reads by one caller in seconds: lift the gateway's read limit (rate limits are tested in the
        // gateway module)
        platform = LocalPlatform.start(
                // traces are checked by ObservabilityE2EIT; this suite spares the CPU a Zipkin server would take
                PlatformLayout.ephemeral(root, Files.createTempDirectory("shopfloor-readmodel-e2e"))
                        .withoutZipkin(),
                line -> System.out.println("[e2e] " + line),
                Map.of(
                        PlatformLayout.GATEWAY,
                        Map.of(
                                "SHOPFLOOR_GATEWAY_RATELIMITS_READS_REPLENISHRATE", "100000",
                                "SHOPFLOOR_GATEWAY_RATELIMITS_READS_BURSTCAPACITY", "100000")));
        token = platform.tokens().service();
        api = new ApiClient(platform.layout().gatewayUrl(), token);
        legacy = new ApiClient(platform.layout().serviceUrl("order-service"), token);
        readModel = new ApiClient(platform.layout().serviceUrl("read-model-service"), token);
        product("RM-OK", "19.99", 1000);
        product("RM-FEW", "5.00", 1);
        product("RM-PRICEY", "400.00", 100);
        account("rm-rich", "100000.00");
        account("rm-poor", "100.00");
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void answersEveryOrderOfAMixedBatchExactlyAsOrderServiceDoes() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(placeOrder("rm-rich", Map.of("RM-OK", 1 + i % 3, "RM-PRICEY", i % 2)));
        }
        for (int i = 0; i < 3; i++) {
            ids.add(placeOrder("rm-rich", Map.of("RM-FEW", 5)));
            ids.add(placeOrder("rm-poor", Map.of("RM-PRICEY", 1)));
        }

        Map<String, Integer> outcomes = new HashMap<>();
        for (String id : ids) {
            JsonNode expected = awaitFinal(legacy, id);
            outcomes.merge(
                    expected.get("status").asString() + " "
                            + expected.get("rejectionReason").asString(""),
                    1,
                    Integer::sum);
            JsonNode actual = await(() -> readModel.get("/api/orders/" + id), a -> expected.equals(a.json()));
            assertThat(actual).as("order %s from the read model", id).isEqualTo(expected);
        }
        assertThat(outcomes)
                .containsEntry("APPROVED ", 6)
                .containsEntry("REJECTED OUT_OF_STOCK", 3)
                .containsEntry("REJECTED PAYMENT_DECLINED", 3);
        JsonNode page = await(
                        () -> readModel.get("/api/orders?customerId=rm-poor&status=REJECTED&size=100"),
                        a -> a.json().get("totalElements").asInt() >= 3)
                .get("content");
        assertThat(page.get(0).get("paymentStatus").asString()).isEqualTo("DECLINED");
        assertThat(page.get(0).get("reservationStatus").asString()).isEqualTo("RELEASED");
    }

    @Test
    void splitsOrderReadsByWeightWithoutEverAnsweringNotFound() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(placeOrder("rm-rich", Map.of("RM-OK", 1)));
        }

        setReadModelPercent(50);
        Map<String, Integer> half = readFromManyCallers(ids, 2_000);
        setReadModelPercent(0);
        Map<String, Integer> none = readFromManyCallers(ids, 200);
        setReadModelPercent(100);
        Map<String, Integer> all = readFromManyCallers(ids, 200);
        setReadModelPercent(0);

        // one token subject: sticky, so every read at 50 % lands on the same side (the spread over many subjects is
        // StranglerWeightsTest's)
        assertThat(half).hasSize(1);
        assertThat(half.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2_000);
        assertThat(none).containsOnly(Map.entry("order-service", 200));
        assertThat(all.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
        assertThat(all.getOrDefault("read-model-service", 0))
                .as("served by the read model once it caught up")
                .isPositive();
        Answer list = api.get("/api/orders?customerId=rm-rich");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("content").isArray()).isTrue();
    }

    @Test
    void showsTheNewPriceAndTheFinalOrderStatusOnTheNextRead() {
        product("RM-REPRICE", "10.00", 10);
        assertThat(api.get("/api/products/RM-REPRICE")
                        .json()
                        .get("price")
                        .get("amount")
                        .asString())
                .isEqualTo("10.00");
        api.put(
                "/api/products/RM-REPRICE",
                Map.of("name", "Repriced", "price", Map.of("amount", "11.00", "currency", "EUR")));
        assertThat(api.get("/api/products/RM-REPRICE")
                        .json()
                        .get("price")
                        .get("amount")
                        .asString())
                .isEqualTo("11.00");

        String id = placeOrder("rm-rich", Map.of("RM-REPRICE", 2));
        await(() -> readModel.get("/api/orders/" + id), a -> a.status() == 200); // cached, most likely still PENDING
        JsonNode expected = awaitFinal(legacy, id);
        assertThat(await(() -> readModel.get("/api/orders/" + id), a -> expected.equals(a.json())))
                .isEqualTo(expected);
        assertThat(api.get("/api/products/RM-REPRICE").json().get("available").asInt())
                .isEqualTo(8);
    }

    @Test
    void reconcilesWithTheSourcesAfterBeingKilledWhileOrdersFlow() throws Exception {
        List<String> ids = new ArrayList<>();
        try (ExecutorService writer = Executors.newSingleThreadExecutor()) {
            Future<?> flow = writer.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    ids.add(placeOrder("rm-kill", Map.of(i % 4 == 0 ? "RM-PRICEY" : "RM-OK", 1 + i % 2)));
                    sleep(50);
                }
            });
            sleep(700);
            platform.kill("read-model-service");
            sleep(1_000);
            platform.restart("read-model-service");
            flow.get();
        }
        ids.forEach(id -> awaitFinal(legacy, id));

        assertReconcilesWithTheSources("rm-kill", 40);
    }

    @Test
    void aSecondInstanceTakesTheProjectionOverWhenTheLeaderIsKilledWhileOrdersFlow() throws Exception {
        String first = "read-model-service";
        int port = Ports.free();
        String second = platform.startReplica(first, port);
        Map<String, ApiClient> instances =
                Map.of(first, readModel, second, new ApiClient("http://localhost:" + port, token));
        try {
            String leader = awaitOneLeader(instances);
            String survivor = leader.equals(first) ? second : first;
            List<String> ids = new ArrayList<>();
            try (ExecutorService writer = Executors.newSingleThreadExecutor()) {
                Future<?> flow = writer.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        ids.add(placeOrder("rm-failover", Map.of(i % 4 == 0 ? "RM-PRICEY" : "RM-OK", 1 + i % 2)));
                        sleep(50);
                    }
                });
                sleep(700);
                platform.kill(leader);
                // the dead leader's lease must run out first (shopfloor.readmodel.leader.lease, 10 s)
                await(
                        () -> instances.get(survivor).get("/actuator/readmodel"),
                        a -> a.status() == 200
                                && "LEADER".equals(a.json().get("role").asString()));
                flow.get();
            }
            ids.forEach(id -> awaitFinal(legacy, id));

            assertReconcilesWithTheSources("rm-failover", 30);
            String last = ids.getLast();
            JsonNode expected = awaitFinal(legacy, last);
            assertThat(await(() -> instances.get(survivor).get("/api/orders/" + last), a -> expected.equals(a.json())))
                    .isEqualTo(expected);
        } finally {
            // leave one instance, the first, for the other tests: a graceful stop hands the lease over at once
            if (!platform.readiness().getOrDefault(first, false)) {
                platform.kill(first);
                platform.restart(first);
            }
            platform.stop(second);
        }
    }

    /** Waits until exactly one of the instances says it leads the projection; returns its name. */
    private String awaitOneLeader(Map<String, ApiClient> instances) {
        String[] leader = new String[1];
        await(() -> null, ignored -> {
            List<String> leaders = instances.entrySet().stream()
                    .filter(instance -> {
                        Answer status = instance.getValue().get("/actuator/readmodel");
                        return status.status() == 200
                                && "LEADER".equals(status.json().get("role").asString());
                    })
                    .map(Map.Entry::getKey)
                    .toList();
            leader[0] = leaders.size() == 1 ? leaders.getFirst() : null;
            return leader[0] != null;
        });
        return leader[0];
    }

    /**
     * The read model's current generation holds exactly the customer's orders of the {@code orders} database: count,
     * total amount, lines and approvals, so that none is missing or applied twice.
     */
    private void assertReconcilesWithTheSources(String customer, long orders) {
        String source = "select count(*), coalesce(sum(total_amount), 0),"
                + " (select count(*) from order_item i join orders o on o.id = i.order_id where o.customer_id = '"
                + customer + "'), count(*) filter (where status = 'APPROVED') from orders where customer_id = '"
                + customer + "'";
        List<Object> expected = row("orders", source);
        assertThat(expected.get(0)).isEqualTo(orders);
        await(() -> null, ignored -> {
            String generation = "g"
                    + row("readmodel", "select number from projection_generation where state = 'CURRENT'")
                            .get(0);
            List<Object> actual = row(
                    "readmodel",
                    "select count(*), coalesce(sum(total_amount), 0), (select count(*) from " + generation
                            + ".order_view_item i join " + generation + ".order_view v on v.order_id = i.order_id"
                            + " where v.customer_id = '" + customer + "'), count(*) filter (where status = 'APPROVED')"
                            + " from " + generation + ".order_view where customer_id = '" + customer + "'");
            return actual.equals(expected);
        });
    }

    @Test
    void keepsAnIdleSourcesSlotFromRetainingTheWalOfABusyDatabase() throws Exception {
        platform.postgres().createDatabase("walfill", "walfill");
        try (Connection busy =
                        DriverManager.getConnection(platform.postgres().jdbcUrl("walfill"), "walfill", "walfill");
                Statement statement = busy.createStatement()) {
            statement.execute("create table filler (id bigserial primary key, pad text)");
            for (int round = 0; round < 8; round++) {
                statement.execute("insert into filler (pad) select repeat('x', 1000) from generate_series(1, 7000)");
            }
        }
        long written = lsn(row("walfill", "select pg_current_wal_lsn() - '0/0'").get(0));

        await(() -> null, ignored -> {
            Object restart = row(
                            "walfill",
                            "select min(restart_lsn - '0/0') from pg_replication_slots"
                                    + " where slot_name like 'readmodel_payments_g%'")
                    .get(0);
            return restart != null && lsn(restart) > written - 16L * 1024 * 1024;
        });
    }

    private Map<String, Integer> readFromManyCallers(List<String> ids, int reads) throws Exception {
        Map<String, Integer> servedBy = new HashMap<>();
        List<Future<String[]>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < reads; i++) {
                String address = "127.3." + (i / 250) + "." + (i % 250 + 1);
                String path = "/api/orders/" + ids.get(i % ids.size());
                answers.add(pool.submit(() -> rawGet(address, path)));
            }
        }
        for (Future<String[]> future : answers) {
            String[] answer = future.get();
            assertThat(answer[0]).as("status").isEqualTo("200");
            servedBy.merge(answer[1], 1, Integer::sum);
        }
        return servedBy;
    }

    private void setReadModelPercent(int percent) {
        ApiClient management = new ApiClient(platform.layout().managementUrl(PlatformLayout.GATEWAY));
        Answer answer = management.post("/actuator/strangler", Map.of("readModelPercent", percent));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** GET from a socket bound to {@code address}: status and {@code X-Served-By}. */
    private String[] rawGet(String address, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            socket.connect(new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), platform.layout().port("gateway")));
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String[] head = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r\n\r\n", 2)[0].split("\r\n");
            String servedBy = null;
            for (String line : head) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-served-by:")) {
                    servedBy = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return new String[] {head[0].split(" ")[1], servedBy};
        }
    }

    /** An LSN difference as {@link #row} returns it (numeric, as a plain string). */
    private static long lsn(Object value) {
        return new BigDecimal(value.toString()).longValueExact();
    }

    private List<Object> row(String database, String sql) {
        try (Connection connection =
                        DriverManager.getConnection(platform.postgres().jdbcUrl(database), database, database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            List<Object> values = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                Object value = rows.getObject(i);
                values.add(
                        value instanceof BigDecimal decimal
                                ? decimal.stripTrailingZeros().toPlainString()
                                : value);
            }
            return values;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void product(String sku, String price, int stock) {
        Shop.product(api, sku, price, stock);
    }

    private void account(String customerId, String limit) {
        Shop.account(api, customerId, limit);
    }

    private String placeOrder(String customerId, Map<String, Integer> lines) {
        List<Map<String, Object>> items = new ArrayList<>();
        lines.forEach((sku, quantity) -> {
            if (quantity > 0) {
                items.add(Map.of("sku", sku, "quantity", quantity));
            }
        });
        Answer answer = api.post("/api/orders", Map.of("customerId", customerId, "items", items));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().get("orderId").asString();
    }

    private JsonNode awaitFinal(ApiClient side, String orderId) {
        return await(
                () -> side.get("/api/orders/" + orderId),
                a -> a.status() == 200
                        && !"PENDING".equals(a.json().get("status").asString()));
    }

    /** Polls until {@code done} holds (an answer's JSON is returned), or fails after {@link #WAIT}. */
    private <T> JsonNode await(Supplier<Answer> call, java.util.function.Predicate<Answer> done) {
        Instant deadline = Instant.now().plus(WAIT);
        Answer last = null;
        while (Instant.now().isBefore(deadline)) {
            last = call.get();
            if (done.test(last)) {
                return last == null ? null : last.json();
            }
            sleep(200);
        }
        throw new AssertionError("not reached within " + WAIT + "; last answer: " + (last == null ? "-" : last.body()));
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
