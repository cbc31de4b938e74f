package dev.shopfloor.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.handler.MutableSpan;
import dev.shopfloor.readmodel.projection.Generation;
import dev.shopfloor.readmodel.projection.OrderViews;
import dev.shopfloor.readmodel.projection.Position;
import dev.shopfloor.readmodel.rebuild.Generations;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.Infrastructure;
import dev.shopfloor.testing.PostgresServer;
import dev.shopfloor.testing.auth.AuthServerProcess;
import dev.shopfloor.testing.tracing.FinishedSpans;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * read-model-service against real Postgres (three source databases with the services' own tables, and its own),
 * real Debezium engines and real Redis: rows written into the sources show up in the query API; a source transaction
 * that carries a traceparent is projected as a span of that trace (spans collected in process, {@link FinishedSpans});
 * every slot's retained WAL is exported.
 */
@EmbeddedInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // tracing on (export.enabled=false would switch propagation off too), but no Zipkin to send spans to
            "management.tracing.export.enabled=true",
            "management.tracing.export.zipkin.enabled=false"
        })
class ReadModelServiceIT {

    @TestConfiguration
    static class Spans {

        @Bean
        FinishedSpans finishedSpans() {
            return new FinishedSpans();
        }
    }

    static final SourceDatabases sources = SourceDatabases.create("rmit");
    static final AtomicLong ids = new AtomicLong(4_000_000_000L);
    static final JsonMapper json = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    FinishedSpans spans;

    @Autowired
    OrderViews views;

    @Autowired
    Generations generations;

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        sources.register(registry);
        registry.add("shopfloor.readmodel.cdc.slot-prefix", () -> "rmit");
    }

    @Test
    void showsAnOrderWithItsLinesExactlyOnceItsTransactionCommitted() throws Exception {
        long id = ids.incrementAndGet();
        Instant created = Instant.parse("2025-03-01T10:15:30.123450Z");
        insertOrder(id, "alice", "PENDING", null, "39.98", created, created, new Object[][] {{"KB-1", 2, "19.99"}});

        JsonNode order = awaitOrder(id, "PENDING");

        assertThat(json.writeValueAsString(order))
                .isEqualTo(
                        "{\"orderId\":\"" + id + "\",\"customerId\":\"alice\",\"status\":\"PENDING\","
                                + "\"rejectionReason\":null,\"items\":[{\"sku\":\"KB-1\",\"quantity\":2,"
                                + "\"unitPrice\":{\"amount\":\"19.99\",\"currency\":\"EUR\"}}],"
                                + "\"total\":{\"amount\":\"39.98\",\"currency\":\"EUR\"},"
                                + "\"createdAt\":\"2025-03-01T10:15:30.123450Z\",\"updatedAt\":\"2025-03-01T10:15:30.123450Z\"}");
    }

    @Test
    void showsAChangedLineAndDropsARemovedOneWhenTheOrderChangesLater() throws Exception {
        long id = ids.incrementAndGet();
        Instant created = Instant.parse("2025-03-02T09:00:00Z");
        insertOrder(id, "lines-changer", "PENDING", null, "5.00", created, created, new Object[][] {
            {"A-1", 1, "1.00"}, {"B-1", 2, "2.00"}
        });
        awaitOrder(id, "PENDING");

        SourceDatabases.execute(
                sources.orders,
                "begin;"
                        + "update order_item set quantity = 5 where order_id = " + id + " and line_no = 0;"
                        + "delete from order_item where order_id = " + id + " and line_no = 1;"
                        + "update orders set status = 'APPROVED', version = 1 where id = " + id + ";"
                        + "commit;");

        JsonNode order = awaitOrder(id, "APPROVED");
        assertThat(json.writeValueAsString(order.get("items")))
                .isEqualTo("[{\"sku\":\"A-1\",\"quantity\":5,"
                        + "\"unitPrice\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}]");
    }

    @Test
    void movesASourcePositionOnlyForwardComparingLsnsAsUnsignedNumbers() {
        Generation current = generations.current();
        String source = "positions-it";
        long high = 0x8000_0000_0000_0010L; // above the signed range of bigint

        assertThat(views.advance(current, source, new Position(5, 10))).isTrue();
        assertThat(views.advance(current, source, new Position(5, 10))).isFalse();
        assertThat(views.advance(current, source, new Position(5, 9))).isFalse();
        assertThat(views.advance(current, source, new Position(high, 1))).isTrue();
        assertThat(views.advance(current, source, new Position(6, 100))).isFalse();
        assertThat(views.advance(current, source, new Position(high, 2))).isTrue();
    }

    @Test
    void hasItsRedisConnectionOpenOnceStarted() {
        // The first eviction runs on a CDC thread after a projection commit: it must not pay (or fail on) the connect.
        Infrastructure infrastructure = Infrastructure.get();
        var config = new RedisStandaloneConfiguration(infrastructure.redisHost(), infrastructure.redisPort());
        var factory = new LettuceConnectionFactory(config);
        factory.afterPropertiesSet();
        try (var connection = factory.getConnection()) {
            Object list = connection.execute("CLIENT", "LIST".getBytes(StandardCharsets.US_ASCII));
            String clients =
                    list instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : String.valueOf(list);
            assertThat(clients).contains("name=read-model-service ");
        } finally {
            factory.destroy();
        }
    }

    @Test
    void projectsASourceTransactionThatCarriesATraceparentAsASpanOfThatTrace() throws Exception {
        long id = ids.incrementAndGet();
        String traceId = "5bf92f3577b34da6a3ce929d0e0e4736";
        String outboxSpan = "a3ce929d0e0e4736";
        // what a service's outbox append does: the traceparent as a transactional logical decoding message
        SourceDatabases.execute(
                sources.orders,
                "begin;"
                        + "insert into orders (id, customer_id, status, total_amount, currency, created_at, updated_at,"
                        + " version) values (" + id + ", 'trace', 'PENDING', 2.00, 'EUR', now(), now(), 0);"
                        + "select pg_logical_emit_message(true, 'shopfloor.trace', '00-" + traceId + "-" + outboxSpan
                        + "-01');"
                        + "commit;");

        awaitOrder(id, "PENDING");
        MutableSpan projection = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> spans.ofTrace(traceId).stream()
                                .filter(span -> "readmodel project".equals(span.name()))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();

        assertThat(projection.parentId()).isEqualTo(outboxSpan);
        assertThat(projection.tags())
                .containsEntry("order.id", Long.toString(id))
                .containsEntry("source", "orders");
        assertThat(projection.localServiceName()).isEqualTo("read-model-service");
    }

    @Test
    void tagsTheServerSpanOfReadingAnOrderWithItsId() throws Exception {
        String traceId = "6bf92f3577b34da6a3ce929d0e0e4736";

        HttpResponse<String> read = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders/4123"))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .header("traceparent", "00-" + traceId + "-a3ce929d0e0e4736-01")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(read.statusCode()).isEqualTo(404);
        MutableSpan server = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> spans.ofTrace(traceId).stream()
                                .filter(span -> span.kind() == brave.Span.Kind.SERVER)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(server.tags()).containsEntry("order.id", "4123");
    }

    @Test
    void exportsTheWalEachSlotRetainsInBytes() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Map<String, Double> retained = retainedBytesBySlot();
                    assertThat(retained.keySet())
                            .anyMatch(slot -> slot.startsWith("rmit_orders_g"))
                            .anyMatch(slot -> slot.startsWith("rmit_payments_g"))
                            .anyMatch(slot -> slot.startsWith("rmit_inventory_g"));
                    assertThat(retained.values())
                            .allSatisfy(bytes -> assertThat(bytes)
                                    .as("bytes retained")
                                    .isNotNaN()
                                    .isGreaterThanOrEqualTo(0));
                });
    }

    @Test
    void appliesTransactionsInCommitOrderEvenWhenTheOneThatBeganFirstCommitsLast() throws Exception {
        long first = ids.incrementAndGet();
        long second = ids.incrementAndGet();
        Instant now = Instant.parse("2025-03-02T08:00:00Z");
        try (Connection early = connect(sources.orders);
                Connection late = connect(sources.orders)) {
            early.setAutoCommit(false);
            late.setAutoCommit(false);
            insertOrder(early, first, "bob", now, "5.00");
            insertOrder(late, second, "bob", now, "6.00");
            late.commit();
            early.commit(); // smaller change LSNs than the transaction streamed before it
        }

        awaitOrder(second, "PENDING");
        JsonNode firstOrder = awaitOrder(first, "PENDING");

        assertThat(firstOrder.get("total").get("amount").asString()).isEqualTo("5.00");
    }

    @Test
    void convergesWhenThePaymentAndReservationArriveBeforeTheOrder() throws Exception {
        long id = ids.incrementAndGet();
        Instant now = Instant.parse("2025-03-03T09:00:00Z");
        SourceDatabases.execute(
                sources.payments,
                "insert into payment_authorization (order_id, customer_id, amount, currency, status, decline_reason)"
                        + " values (?, 'carol', 12.50, 'EUR', 'DECLINED', 'INSUFFICIENT_CREDIT')",
                id);
        SourceDatabases.execute(
                sources.inventory,
                "insert into product (sku, name, price_amount, price_currency) values ('MUG-" + id + "', 'Mug', 12.50,"
                        + " 'EUR'); insert into stock (sku, on_hand) values ('MUG-" + id + "', 5);"
                        + " insert into reservation (order_id, sku, quantity, status) values (" + id + ", 'MUG-" + id
                        + "', 1, 'RELEASED')");
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(get("/api/orders/" + id).statusCode()).isEqualTo(404));

        insertOrder(id, "carol", "REJECTED", "PAYMENT_DECLINED", "12.50", now, now, new Object[][] {
            {"MUG-" + id, 1, "12.50"}
        });

        JsonNode order = awaitOrder(id, "REJECTED");
        assertThat(order.get("rejectionReason").asString()).isEqualTo("PAYMENT_DECLINED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode page = json.readTree(get("/api/orders?customerId=carol").body());
            assertThat(page.get("totalElements").asLong()).isEqualTo(1);
            JsonNode summary = page.get("content").get(0);
            assertThat(summary.get("orderId").asString()).isEqualTo(Long.toString(id));
            assertThat(summary.get("paymentStatus").asString()).isEqualTo("DECLINED");
            assertThat(summary.get("reservationStatus").asString()).isEqualTo("RELEASED");
        });
    }

    @Test
    void showsTheNewStatusOnTheNextReadAfterTheOrderChanged() throws Exception {
        long id = ids.incrementAndGet();
        Instant now = Instant.parse("2025-03-04T09:00:00Z");
        insertOrder(id, "dave", "PENDING", null, "1.00", now, now, new Object[][] {{"PEN-1", 1, "1.00"}});
        awaitOrder(id, "PENDING");
        assertThat(get("/api/orders/" + id).statusCode()).isEqualTo(200); // now cached

        SourceDatabases.execute(
                sources.orders,
                "update orders set status = 'APPROVED', updated_at = now(), version = 1 where id = ?",
                id);

        awaitOrder(id, "APPROVED");
    }

    @Test
    void forgetsAnOrderWhoseRowsWereDeleted() throws Exception {
        long id = ids.incrementAndGet();
        Instant now = Instant.parse("2025-03-05T09:00:00Z");
        insertOrder(id, "erin", "PENDING", null, "2.00", now, now, new Object[][] {{"PEN-2", 2, "1.00"}});
        awaitOrder(id, "PENDING");

        SourceDatabases.execute(
                sources.orders, "delete from order_item where order_id = ?; delete from orders where id = ?", id, id);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(get("/api/orders/" + id).statusCode()).isEqualTo(404));
    }

    @Test
    void listsACustomersOrdersNewestFirstAndRefusesBadPaging() throws Exception {
        Instant older = Instant.parse("2025-01-01T00:00:00Z");
        Instant newer = Instant.parse("2025-02-01T00:00:00Z");
        long a = ids.incrementAndGet();
        long b = ids.incrementAndGet();
        insertOrder(a, "frank", "PENDING", null, "1.00", older, older, new Object[][] {{"PEN-3", 1, "1.00"}});
        insertOrder(b, "frank", "PENDING", null, "1.00", newer, newer, new Object[][] {{"PEN-3", 1, "1.00"}});

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode page = json.readTree(
                    get("/api/orders?customerId=frank&status=PENDING&size=1").body());
            assertThat(page.get("totalElements").asLong()).isEqualTo(2);
            assertThat(page.get("totalPages").asLong()).isEqualTo(2);
            assertThat(page.get("content").get(0).get("orderId").asString()).isEqualTo(Long.toString(b));
        });
        HttpResponse<String> bad = get("/api/orders?size=1000");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get("/api/orders?status=LOST").statusCode()).isEqualTo(400);
        assertThat(get("/api/orders/not-a-number").statusCode()).isEqualTo(404);
    }

    @Test
    void keepsAnIdleSourcesSlotFromHoldingBackTheWalOthersWrite() throws Exception {
        PostgresServer.DatabaseLogin busy = Infrastructure.get().createDatabase("rmit_busy");
        SourceDatabases.execute(busy, "create table filler (id bigserial primary key, pad text)");
        for (int round = 0; round < 8; round++) {
            // about 8 MB of WAL per round, in a database the read model does not capture
            SourceDatabases.execute(
                    busy, "insert into filler (pad) select repeat('x', 1000) from generate_series(1, 7000)");
        }
        long written = walLsn(busy);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    long restart = slotRestartLsn(sources.payments, "rmit_payments_g%");
                    assertThat(restart)
                            .as("restart LSN of the idle payments slot")
                            .isGreaterThan(written - 16L * 1024 * 1024);
                });
    }

    @Test
    void readsEverySourceThroughAFailoverSlot() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Map<String, Boolean> slots = slotFailover(sources.orders, "rmit\\_%");
                    assertThat(slots.keySet())
                            .anyMatch(name -> name.startsWith("rmit_orders_g"))
                            .anyMatch(name -> name.startsWith("rmit_payments_g"))
                            .anyMatch(name -> name.startsWith("rmit_inventory_g"));
                    assertThat(slots).as("failover flag by slot").doesNotContainValue(false);
                });
    }

    @Test
    void rebuildsIntoAFreshGenerationWhileQueriesGoOn() throws Exception {
        long id = ids.incrementAndGet();
        Instant now = Instant.parse("2025-03-06T09:00:00Z");
        insertOrder(id, "gina", "PENDING", null, "3.00", now, now, new Object[][] {{"PEN-4", 3, "1.00"}});
        String before = json.writeValueAsString(awaitOrder(id, "PENDING"));
        int generation = json.readTree(get("/actuator/readmodel").body())
                .get("generation")
                .asInt();

        HttpResponse<String> started = post("/actuator/readmodel");
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(json.readTree(started.body()).get("generation").asInt()).isEqualTo(generation + 1);

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    HttpResponse<String> read = get("/api/orders/" + id);
                    assertThat(read.statusCode()).as("reads during the rebuild").isEqualTo(200);
                    assertThat(read.body()).isEqualTo(before);
                    assertThat(json.readTree(get("/actuator/readmodel").body())
                                    .get("generation")
                                    .asInt())
                            .isEqualTo(generation + 1);
                });
        assertThat(get("/api/orders/" + id).body()).isEqualTo(before);
    }

    @Test
    void measuresLagInAWindowABenchmarkStartsAndKnowsNoOtherPart() throws Exception {
        long id = ids.incrementAndGet();
        Instant now = Instant.parse("2025-03-07T09:00:00Z");
        HttpResponse<String> reset = post("/actuator/readmodel/lag-window");
        assertThat(reset.statusCode()).isEqualTo(200);
        String since = json.readTree(reset.body()).get("since").asString();

        insertOrder(id, "hal", "PENDING", null, "1.00", now, now, new Object[][] {{"PEN-5", 1, "1.00"}});
        awaitOrder(id, "PENDING");

        JsonNode window = json.readTree(get("/actuator/readmodel/lag-window").body());
        assertThat(window.get("since").asString()).isEqualTo(since);
        assertThat(window.at("/sources/orders/transactions").asLong()).isGreaterThanOrEqualTo(1);
        HttpResponse<String> unknownRead = get("/actuator/readmodel/elsewhere");
        assertThat(unknownRead.statusCode()).isEqualTo(404);
        assertThat(unknownRead.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(unknownRead.body()).get("detail").asString())
                .contains("'elsewhere'")
                .contains("'lag-window'");
        HttpResponse<String> unknown = post("/actuator/readmodel/elsewhere");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).get("status").asInt()).isEqualTo(404);
    }

    /** {@code shopfloor_replication_slot_retained_bytes} by slot, from the Prometheus scrape. */
    private Map<String, Double> retainedBytesBySlot() throws Exception {
        Map<String, Double> retained = new HashMap<>();
        get("/actuator/prometheus")
                .body()
                .lines()
                .filter(line -> line.startsWith("shopfloor_replication_slot_retained_bytes{"))
                .forEach(line -> retained.put(
                        line.replaceAll(".*slot=\"([^\"]+)\".*", "$1"),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
        return retained;
    }

    private static long walLsn(PostgresServer.DatabaseLogin login) throws SQLException {
        try (Connection connection = connect(login);
                ResultSet row = connection.createStatement().executeQuery("select pg_current_wal_lsn() - '0/0'")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static long slotRestartLsn(PostgresServer.DatabaseLogin login, String slotPattern) throws SQLException {
        try (Connection connection = connect(login);
                PreparedStatement query = connection.prepareStatement(
                        "select max(restart_lsn - '0/0') from pg_replication_slots where slot_name like ?")) {
            query.setString(1, slotPattern);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The failover flag of every slot of the cluster whose name is like the pattern. */
    private static Map<String, Boolean> slotFailover(PostgresServer.DatabaseLogin login, String slotPattern)
            throws SQLException {
        try (Connection connection = connect(login);
                PreparedStatement query = connection.prepareStatement(
                        "select slot_name, failover from pg_replication_slots where slot_name like ?")) {
            query.setString(1, slotPattern);
            Map<String, Boolean> slots = new HashMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    slots.put(rows.getString(1), rows.getBoolean(2));
                }
            }
            return slots;
        }
    }

    private static Connection connect(PostgresServer.DatabaseLogin login) throws SQLException {
        return DriverManager.getConnection(login.jdbcUrl(), login.username(), login.password());
    }

    private static void insertOrder(Connection connection, long id, String customer, Instant at, String total)
            throws SQLException {
        try (PreparedStatement order = connection.prepareStatement(
                        "insert into orders (id, customer_id, status, total_amount, currency, created_at, updated_at,"
                                + " version) values (?, ?, 'PENDING', ?, 'EUR', ?, ?, 0)");
                PreparedStatement item = connection.prepareStatement(
                        "insert into order_item (order_id, line_no, sku, quantity, unit_price, currency)"
                                + " values (?, 0, 'PEN-9', 1, ?, 'EUR')")) {
            order.setLong(1, id);
            order.setString(2, customer);
            order.setBigDecimal(3, new java.math.BigDecimal(total));
            order.setObject(4, at.atOffset(ZoneOffset.UTC));
            order.setObject(5, at.atOffset(ZoneOffset.UTC));
            order.execute();
            item.setLong(1, id);
            item.setBigDecimal(2, new java.math.BigDecimal(total));
            item.execute();
        }
    }

    private JsonNode awaitOrder(long id, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    HttpResponse<String> response = get("/api/orders/" + id);
                    assertThat(response.statusCode()).isEqualTo(200);
                    found[0] = json.readTree(response.body());
                    assertThat(found[0].get("status").asString()).isEqualTo(status);
                });
        return found[0];
    }

    private static void insertOrder(
            long id,
            String customer,
            String status,
            String reason,
            String total,
            Instant created,
            Instant updated,
            Object[][] lines) {
        StringBuilder sql = new StringBuilder("begin;");
        sql.append(String.format(
                "insert into orders (id, customer_id, status, rejection_reason, total_amount, currency, created_at,"
                        + " updated_at, version) values (%d, '%s', '%s', %s, %s, 'EUR', '%s', '%s', 0);",
                id, customer, status, reason == null ? "null" : "'" + reason + "'", total, created, updated));
        for (int i = 0; i < lines.length; i++) {
            sql.append(String.format(
                    "insert into order_item (order_id, line_no, sku, quantity, unit_price, currency)"
                            + " values (%d, %d, '%s', %d, %s, 'EUR');",
                    id, i, lines[i][0], lines[i][1], lines[i][2]));
        }
        sql.append("commit;");
        SourceDatabases.execute(sources.orders, sql.toString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
